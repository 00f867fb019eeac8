/** A user's text as a literal inside a LIKE pattern: %, _ and backslash lose their meaning. */
export const escapeLike = (v: string) => v.replace(/[\\%_]/g, (c) => `\\${c}`);
