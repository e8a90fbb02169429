/** wink-lemmatizer ships no types: a word's base form as a noun, verb or adjective. */
declare module 'wink-lemmatizer' {
  const lemmatizer: { noun(word: string): string; verb(word: string): string; adjective(word: string): string };
  export default lemmatizer;
}
