/** API descriptions to replace where CloudStack's text misleads (API name → description). */
export const descriptions: Readonly<Record<string, string>> = {
  queryAsyncJobResult: 'Retrieves the current status and, when finished, the result of an asynchronous job.',
};
