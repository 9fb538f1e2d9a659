// text-readability ships no type declarations: these are the two calls the benches compare
// sieve's readability against.
declare module "text-readability" {
  interface TextReadability {
    fleschReadingEase(text: string): number;
    textStandard(text: string, floatOutput?: boolean | null): number | string;
  }
  const textReadability: TextReadability;
  export default textReadability;
}
