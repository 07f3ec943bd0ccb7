/**
 * TensorFlow.js prints a banner on stderr the first time its pure-JS cpu backend stores a tensor
 * ("Hi, looks like you are running TensorFlow.js in Node.js ... install our node backend"). The
 * CLI owns stderr (progress, summary, errors) and chooses the backend itself (it says which in the
 * summary), so the banner is noise there. Its 'PROD' flag silences tfjs' console logging only; it
 * changes no computation. Library users keep tfjs' default.
 */
export async function silenceTfjsConsole(): Promise<void> {
  const tf = await import('@tensorflow/tfjs');
  tf.env().set('PROD', true);
}
