/**
 * `{name}` placeholders filled from `values`, as next-intl fills simple messages: for the client
 * components' texts (components/client-text.tsx) and the command line's English.
 */
export const interpolate = (message: string, values?: Record<string, string | number>) =>
  values ? message.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? '')) : message;
