export async function main(argv: string[]): Promise<number> {
  console.log('argv', argv);
  return 0;
}
