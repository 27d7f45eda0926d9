// Builds (or finds in the tool cache) the real Flux controllers the side-by-side benchmark runs:
// node bench/vs-flux/build.ts. bench/vs-flux/run.ts does the same before it measures anything.
import { fluxControllerBinaries } from '../../src/toolchain/index.ts';

for (const [name, path] of await fluxControllerBinaries((l) => console.error(l)))
  console.log(`${name}: ${path}`);
