import { initBackend } from '../src/backend/pick.js';
import { ctganLayout } from '../bench/training-speed/ctgan-layout.js';
await initBackend('cpu');
console.log(JSON.stringify(ctganLayout()));
