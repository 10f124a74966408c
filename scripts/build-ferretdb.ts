/** Builds the local FerretDB launcher into .cache/ if it is not there yet, and prints its path. */
import { ensureFerretdbBinary } from '../server/dev/localMongo';

console.log(ensureFerretdbBinary((line) => console.log(line)));
