/** Service, disk, network and VPC offerings: admin-managed catalogues every account may list. */
import { diskOfferingData, serviceOfferingData } from '../state/builders.ts';
import { applyUpdates, flag, objectAnswer, param, removeWithTags, requireEntity, requireParam, success } from './common.ts';
import { listAnswer } from './listing.ts';
import type { HandlerTable } from './types.ts';

/** Parameters of offering lists that select by something other than an offering field. */
const NOT_FIELDS = ['virtualmachineid', 'templateid', 'zoneid', 'volumeid', 'storageid', 'networkid', 'supportedservices', 'encrypt', 'encryptroot'];

export const offeringHandlers: HandlerTable = {
  listServiceOfferings: (context) =>
    listAnswer(context, {
      kind: 'serviceoffering',
      ignore: NOT_FIELDS,
      extraFilter: (offering, ctx) => ctx.params.values.get('issystem')?.toLowerCase() === 'true' || offering.data.issystem !== true,
    }),
  createServiceOffering(context) {
    const customized = flag(context, 'customized');
    const offering = context.state.store.add(
      'serviceoffering',
      serviceOfferingData(requireParam(context, 'name'), Number(param(context, 'cpunumber') ?? 1), Number(param(context, 'memory') ?? 512), {
        displaytext: param(context, 'displaytext') ?? requireParam(context, 'name'),
        cpuspeed: Number(param(context, 'cpuspeed') ?? 1000),
        offerha: flag(context, 'offerha'),
        iscustomized: customized,
        storagetype: param(context, 'storagetype') ?? 'shared',
        ...(param(context, 'hosttags') ? { hosttags: param(context, 'hosttags') } : {}),
      }),
    );
    return objectAnswer(context, offering);
  },
  updateServiceOffering(context) {
    const offering = requireEntity(context, 'serviceoffering', 'id');
    applyUpdates(context, offering, ['name', 'displaytext', 'hosttags', 'state']);
    return objectAnswer(context, offering);
  },
  deleteServiceOffering(context) {
    removeWithTags(context, requireEntity(context, 'serviceoffering', 'id'));
    return success();
  },

  listDiskOfferings: (context) => listAnswer(context, { kind: 'diskoffering', ignore: NOT_FIELDS }),
  createDiskOffering(context) {
    const offering = context.state.store.add(
      'diskoffering',
      diskOfferingData(requireParam(context, 'name'), flag(context, 'customized') ? 0 : Number(param(context, 'disksize') ?? 0), {
        displaytext: param(context, 'displaytext') ?? requireParam(context, 'name'),
        storagetype: param(context, 'storagetype') ?? 'shared',
      }),
    );
    return objectAnswer(context, offering);
  },
  updateDiskOffering(context) {
    const offering = requireEntity(context, 'diskoffering', 'id');
    applyUpdates(context, offering, ['name', 'displaytext', 'tags', 'state'], ['displayoffering']);
    return objectAnswer(context, offering);
  },
  deleteDiskOffering(context) {
    removeWithTags(context, requireEntity(context, 'diskoffering', 'id'));
    return success();
  },

  listNetworkOfferings: (context) => listAnswer(context, { kind: 'networkoffering', ignore: NOT_FIELDS }),
  listVPCOfferings: (context) => listAnswer(context, { kind: 'vpcoffering', ignore: NOT_FIELDS }),
};
