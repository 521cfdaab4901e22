import { it } from 'vitest';
import { startEmulator } from '/work/main/test/emulator/index.js';
import { createAll, initObjects, makeFederationPki } from '/work/main/test/emulator/__tests__/helpers.js';
it('dbg', async () => {
  const emulator = await startEmulator([{ name: 'w' }]);
  const pki = await makeFederationPki(['127.0.0.1']);
  const c = emulator.cluster('w');
  let n = 0;
  c.store.onChange((e) => { if (n++ < 400 && n > 100) console.log(e.type, e.resource.kind, e.object.metadata.name, e.object.metadata.resourceVersion, JSON.stringify((e.object as any).status?.containerStatuses?.map((s: any) => [s.name, s.restartCount, Object.keys(s.state)[0]]) ?? '')); });
  await createAll(c, initObjects(pki, { targetPort: 'secure' }));
  await c.settle().catch((e) => console.log(String(e)));
  console.log(c.controllerErrors().slice(0, 5));
  await emulator.close();
}, 60000);
