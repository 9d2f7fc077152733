/**
 * The package's programmatic entry (`import … from 'cloudstack-mcp'`): the CloudStack client and
 * the bundled API model it encodes arguments with. The typed SDK is `cloudstack-mcp/client`, the MCP
 * server `cloudstack-mcp/server`, the simulator `cloudstack-mcp/simulator` (docs/sdk.md).
 */
export * from './cloudstack/index.ts';
export { BundledModel } from './model/bundled.ts';
export type { ApiModel, ApiModelDocument, ParamModel, ResponseFieldModel, AccessClass, DangerPolicy } from './model/types.ts';
