/**
 * Response shapes the bundled meta files leave open: every other API's envelope, kind and key come
 * from CloudStack's source as traced in api-snapshots/*.meta.json (`apis.<name>.response`, see
 * src/model/response-shape.ts). Each entry says why. An entry that contradicts a traced value
 * fails codegen, so this file only ever decides what the source does not (one rule per fact).
 *
 * Kinds of gaps:
 * - run time: CloudStack picks the key per answer (routers: DomainRouterJoinDaoImpl.java:233-235
 *   writes `internalloadbalancervm` for an internal LB VM, `router` for every other role). The entry
 *   gives the usual one; readers take the key the answer holds (src/mcp/bounds.ts findListKey);
 * - likely: no write on the traced path, but the only value any code sets on that response class
 *   (most in the class's own constructor) — the meta's `objectNameLikely`, with its file:line; each
 *   such entry here was then followed through the command's execute() by hand ("verified");
 * - unresolved or never answered: decided from the source by hand, as said;
 * - authenticator: APIAuthenticator commands write their own answer (`authenticate()`), which the
 *   meta does not derive; read by hand.
 */
import type { ResponseShapeOverride } from '../src/model/response-shape.ts';

const ROUTER_AT_RUN_TIME =
  'run time: DomainRouterJoinDaoImpl.java:233-235 writes "internalloadbalancervm" for an internal LB VM and "router" for the other roles; this API serves virtual routers';
const INTERNAL_LB_AT_RUN_TIME =
  'run time: DomainRouterJoinDaoImpl.java:233-235 writes "internalloadbalancervm" for an internal LB VM, which is what this API serves';
const TUNGSTEN = (file: string, line: number) =>
  `verified: every constructor of the response class sets this name (plugins/network-elements/tungsten/.../api/response/${file}:${line} and the others; the class has no other constructor) and no code sets another, so every instance carries it whatever the producer`;

export const responseShapes: Readonly<Record<string, ResponseShapeOverride>> = {
  // Routers: the key depends on the VM's role.
  listRouters: { key: 'router', reason: ROUTER_AT_RUN_TIME },
  changeServiceForRouter: { key: 'router', reason: ROUTER_AT_RUN_TIME },
  destroyRouter: { key: 'router', reason: ROUTER_AT_RUN_TIME },
  rebootRouter: { key: 'router', reason: ROUTER_AT_RUN_TIME },
  startRouter: { key: 'router', reason: ROUTER_AT_RUN_TIME },
  stopRouter: { key: 'router', reason: ROUTER_AT_RUN_TIME },
  stopNetScalerVpx: { key: 'router', reason: `${ROUTER_AT_RUN_TIME} (the NetScaler VPX VM, StopNetScalerVMCmd)` },
  listInternalLoadBalancerVMs: { key: 'internalloadbalancervm', reason: INTERNAL_LB_AT_RUN_TIME },
  startInternalLoadBalancerVM: { key: 'internalloadbalancervm', reason: INTERNAL_LB_AT_RUN_TIME },
  stopInternalLoadBalancerVM: { key: 'internalloadbalancervm', reason: INTERNAL_LB_AT_RUN_TIME },
  linkUserDataToTemplate: {
    key: 'template',
    reason: 'run time: LinkUserDataToTemplateCmd.java:104-106 writes "template" for a template and "iso" for an ISO; templates are the usual target',
  },

  // Unresolved, or never answered.
  listApis: {
    key: 'api',
    reason:
      'unresolved in 4.20+ (ApiDiscoveryResponse.java:77 copies another response\'s object name): the copied responses are made by ApiDiscoveryServiceImpl.java:132 setObjectName("api"), the value 4.19\'s meta traces; real dumps read {"count":N,"api":[...]}',
  },
  getVolumeSnapshotDetails: {
    key: 'apivolumesnapshotdetails',
    reason:
      'unresolved: GetVolumeSnapshotDetailsCmd.execute() sets "apivolumesnapshotdetails" on the ListResponse, while its items (ApiVolumeSnapshotDetailsResponse) carry no object name; the command\'s own name is the best reading (a SolidFire integration-test API)',
  },
  lockAccount: {
    key: 'account',
    reason: 'never answers: LockAccountCmd.java:79 execute() only throws; "account" is the key of its AccountResponse everywhere else',
  },
  ldapConfig: {
    kind: 'object',
    key: 'ldapconfig',
    reason:
      'two kinds: LDAPConfigCmd.java:207 answers the LDAPConfigResponse configured (object), :199 with listall=true a ListResponse of them; both under "ldapconfig" (createLDAPConfigResponse setObjectName)',
  },

  // Errors under another key than the answer.
  updateImageStore: {
    errorEnvelope: 'updateImageStore',
    reason:
      'UpdateImageStoreCmd.getCommandName() returns APINAME "updateImageStore" (no "response"); execute() answers under getCommandName()+"response" (UpdateImageStoreCmd.java:83), but ApiServer.getSerializedApiError names errors by getCommandName() of a new instance',
  },

  // Untraced by the meta (or only "likely" there), each followed by hand in CloudStack's source
  // ("verified", "the job has no result").
  addOpenDaylightController: {
    key: 'opendaylightcontroller',
    reason:
      'the job has no result: AddOpenDaylightControllerCmd.execute() calls resourceManager.addController(this) and drops the controller it returns, never setting a response object; "opendaylightcontroller" is what createResponseFromVO sets (OpenDaylightControllerResourceManagerImpl.java:211) and listOpenDaylightControllers answers',
  },
  createCounter: {
    key: 'counter',
    reason:
      'before 4.22 the job has no result: CreateCounterCmd sets its response in create(), on the request\'s command object, and execute() is empty; the job runs execute() on a new instance (ApiAsyncJobDispatcher.runJob) and stores getResponseObject(), null. "counter" is what createCounterResponse sets (ApiResponseHelper.java:3597) and what 4.22 traces',
  },
  createGuestNetworkIpv6Prefix: {
    key: 'null',
    reason:
      'verified: neither CreateGuestNetworkIpv6PrefixCmd.execute() nor ApiResponseHelper.createDataCenterGuestIpv6PrefixResponse sets an object name (only ListGuestNetworkIpv6PrefixesCmd.java:73 does, on its own items), so ApiSerializerHelper stores the text "null" and ResponseObjectTypeAdapter writes the job result as {"null": {...}}, as for a ListResponse',
  },
  enableCiscoNexusVSM: {
    key: 'null',
    reason:
      'verified: EnableCiscoNexusVSMCmd.execute() answers CiscoNexusVSMManagerImpl.createCiscoNexusVSMDetailedResponse(), which sets no object name (only ListCiscoNexusVSMsCmd.java:109 names its own items), so ApiResponseSerializer writes the object under "null"',
  },
  disableCiscoNexusVSM: {
    key: 'null',
    reason:
      'verified: DisableCiscoNexusVSMCmd.execute() answers CiscoNexusVSMManagerImpl.createCiscoNexusVSMDetailedResponse(), which sets no object name (only ListCiscoNexusVSMsCmd.java:109 names its own items), so ApiResponseSerializer writes the object under "null"',
  },
  getUploadParamsForVolume: {
    key: 'getuploadparams',
    reason:
      'verified: GetUploadParamsForVolumeCmd.execute() answers VolumeApiServiceImpl.uploadVolume(), which builds "new GetUploadParamsResponse()" and sets no object name; both constructors of GetUploadParamsResponse set "getuploadparams" (its only name anywhere); the command only sets the response name "postuploadvolumeresponse"',
  },
  listNsxControllers: {
    key: 'nsxController',
    reason: 'verified: ListNsxControllersCmd.execute() lists NsxProviderServiceImpl.listNsxProviders(), whose every item comes from createNsxControllerResponse, which sets "nsxController" (NsxProviderServiceImpl.java:152)',
  },
  listNetrisProviders: {
    key: 'netrisProvider',
    reason:
      'verified: ListNetrisProvidersCmd.execute() lists NetrisProviderServiceImpl.listNetrisProviders(zoneId), every item of which comes from createNetrisProviderResponse, which sets "netrisProvider"',
  },
  listTungstenFabricProviders: {
    key: 'tungstenProvider',
    reason:
      'verified: ListTungstenFabricProvidersCmd.execute() lists TungstenProviderServiceImpl.listTungstenProvider(zoneId), every item of which comes from createTungstenProviderResponse, which sets "tungstenProvider"',
  },
  createTungstenFabricLogicalRouter: { key: 'logicalrouter', reason: TUNGSTEN('TungstenFabricLogicalRouterResponse.java', 61) },
  addTungstenFabricNetworkGatewayToLogicalRouter: { key: 'logicalrouter', reason: TUNGSTEN('TungstenFabricLogicalRouterResponse.java', 61) },
  removeTungstenFabricNetworkGatewayFromLogicalRouter: { key: 'logicalrouter', reason: TUNGSTEN('TungstenFabricLogicalRouterResponse.java', 61) },
  listTungstenFabricLogicalRouter: { key: 'logicalrouter', reason: TUNGSTEN('TungstenFabricLogicalRouterResponse.java', 61) },
  listTungstenFabricAddressGroup: { key: 'addressgroup', reason: TUNGSTEN('TungstenFabricAddressGroupResponse.java', 56) },
  listTungstenFabricApplicationPolicySet: { key: 'applicationpolicyset', reason: TUNGSTEN('TungstenFabricApplicationPolicySetResponse.java', 86) },
  listTungstenFabricFirewallPolicy: { key: 'firewallpolicy', reason: TUNGSTEN('TungstenFabricFirewallPolicyResponse.java', 57) },
  listTungstenFabricFirewallRule: { key: 'firewallrule', reason: TUNGSTEN('TungstenFabricFirewallRuleResponse.java', 95) },
  listTungstenFabricLBHealthMonitor: { key: 'healthmonitor', reason: TUNGSTEN('TungstenFabricLBHealthMonitorResponse.java', 87) },
  listTungstenFabricNetwork: { key: 'network', reason: TUNGSTEN('TungstenFabricNetworkResponse.java', 46) },
  listTungstenFabricNic: { key: 'nic', reason: TUNGSTEN('TungstenFabricNicResponse.java', 48) },
  listTungstenFabricPolicy: { key: 'policy', reason: TUNGSTEN('TungstenFabricPolicyResponse.java', 61) },
  listTungstenFabricPolicyRule: { key: 'rule', reason: TUNGSTEN('TungstenFabricRuleResponse.java', 140) },
  listTungstenFabricServiceGroup: { key: 'servicegroup', reason: TUNGSTEN('TungstenFabricServiceGroupResponse.java', 60) },
  listTungstenFabricTag: { key: 'tag', reason: TUNGSTEN('TungstenFabricTagResponse.java', 74) },
  listTungstenFabricTagType: { key: 'tagtype', reason: TUNGSTEN('TungstenFabricTagTypeResponse.java', 48) },
  listTungstenFabricVm: { key: 'vm', reason: TUNGSTEN('TungstenFabricVmResponse.java', 46) },

  // Authenticator commands: what authenticate() serializes.
  forgotPassword: {
    kind: 'success',
    reason: 'authenticator: DefaultForgotPasswordAPIAuthenticatorCmd.authenticate() serializes a SuccessResponse',
  },
  resetPassword: {
    kind: 'success',
    reason: 'authenticator: DefaultResetPasswordAPIAuthenticatorCmd.authenticate() serializes a SuccessResponse',
  },
  validateUserTwoFactorAuthenticationCode: {
    kind: 'success',
    reason: 'authenticator: ValidateUserTwoFactorAuthenticationCodeCmd.authenticate() serializes new SuccessResponse(getCommandName())',
  },
  listOauthProvider: {
    kind: 'list',
    key: 'oauthprovider',
    reason: 'authenticator: ListOAuthProvidersCmd.authenticate() serializes a ListResponse of OauthProviderResponse with setObjectName(ApiConstants.OAUTH_PROVIDER), "oauthprovider" as registerOauthProvider traces',
  },
  verifyOAuthCodeAndGetUser: {
    kind: 'object',
    key: 'oauthemail',
    reason: 'authenticator: VerifyOAuthCodeAndGetUserCmd.authenticate() serializes a UserResponse with setObjectName("oauthemail") (only the email set)',
  },
  listAndSwitchSamlAccount: {
    kind: 'list',
    key: 'samluseraccount',
    reason:
      'authenticator: without userid and domainid ListAndSwitchSAMLAccountCmd.authenticate() serializes a ListResponse of SamlUserAccountResponse (constructor: setObjectName("samluseraccount")); with them it switches accounts and answers the login fields',
  },
};
