/**
 * The typed CloudStack SDK this package ships, in one short script (docs/sdk.md):
 *   npm run sdk-example                      # against the simulator: deploys, lists and destroys a VM
 *   CLOUDSTACK_API_URL=… CLOUDSTACK_API_KEY=… CLOUDSTACK_SECRET_KEY=… npm run sdk-example
 *                                            # against a real cloud: reads only (zones, VMs)
 * It imports the package by its own name, exactly as a project that depends on it would.
 */
import { BundledModel, CloudStackClient } from 'cloudstack-mcp';
import { CloudStackApi } from 'cloudstack-mcp/client';

const real = process.env.CLOUDSTACK_API_URL;
const simulator = real ? undefined : await (await import('cloudstack-mcp/simulator')).startSimulator({ jobDelayMs: 50 });
const keys = simulator?.accounts.admin;

// The bundled model tells the client how each parameter travels (lists, maps, dates) and which APIs are async.
const client = new CloudStackClient({
  url: real ?? simulator!.url,
  apiKey: process.env.CLOUDSTACK_API_KEY ?? keys!.apiKey,
  secretKey: process.env.CLOUDSTACK_SECRET_KEY ?? keys!.secretKey,
  model: BundledModel.open().document(),
});
const cloud = new CloudStackApi(client);

try {
  const { zone = [] } = await cloud.zone.listZones({ available: true });
  console.log(`zones: ${zone.map((z) => `${z.name} (${z.id})`).join(', ') || 'none'}`);

  if (simulator) {
    const [offering] = (await cloud.offering.listServiceOfferings()).serviceoffering ?? [];
    const [template] = (await cloud.templateIso.listTemplates({ templatefilter: 'all' })).template ?? [];
    // An async API: the client waits for the job and returns its result.
    const { virtualmachine: vm } = await cloud.virtualMachine.deployVirtualMachine({
      zoneid: zone[0]!.id!,
      serviceofferingid: offering!.id!,
      templateid: template!.id!,
      name: 'sdk-example',
    });
    console.log(`deployed ${vm?.name} (${vm?.id}): ${vm?.state}`);
    await cloud.virtualMachine.destroyVirtualMachine({ id: vm!.id!, expunge: true });
    console.log(`destroyed ${vm?.name}`);
  }

  const { count = 0 } = await cloud.virtualMachine.listVirtualMachines({ listall: true, pagesize: 1, page: 1 });
  console.log(`virtual machines: ${count}`);
} finally {
  await client.close();
  await simulator?.close();
}
