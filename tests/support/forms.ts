/**
 * Submits a page's form the way a browser without JavaScript does: a POST in the form's encoding
 * (multipart for server actions, URL-encoded for the public forms' route handlers) with its hidden
 * fields and the page's Origin, then a 303 followed with the cookies it set.
 */

function decode(v: string): string {
  return v
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export interface PageForm {
  action: string;
  multipart: boolean;
  hidden: Record<string, string>;
  names: string[];
}

export function parseForms(html: string): PageForm[] {
  const forms: PageForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attrs = m[1] ?? '';
    const body = m[2] ?? '';
    const action = decode(/action="([^"]*)"/.exec(attrs)?.[1] ?? '');
    const hidden: Record<string, string> = {};
    const names: string[] = [];
    for (const input of body.matchAll(/<(?:input|select|textarea|button)\b([^>]*)>/g)) {
      const a = input[1] ?? '';
      const name = /name="([^"]*)"/.exec(a)?.[1];
      if (!name) continue;
      names.push(decode(name));
      if (/type="hidden"/.test(a))
        hidden[decode(name)] = decode(/value="([^"]*)"/.exec(a)?.[1] ?? '');
    }
    forms.push({ action, multipart: /enctype="multipart\/form-data"/i.test(attrs), hidden, names });
  }
  return forms;
}

/** The form of a page that has a field of this name. */
export async function findForm(
  pageUrl: string,
  fieldName: string,
  cookie?: string,
): Promise<PageForm> {
  const res = await fetch(pageUrl, { headers: cookie ? { cookie } : {} });
  const form = parseForms(await res.text()).find((f) => f.names.includes(fieldName));
  if (!form) throw new Error(`no form with ${fieldName} on ${pageUrl}`);
  return form;
}

export async function submitForm(
  pageUrl: string,
  form: PageForm,
  fields: Record<string, string | undefined>,
  options: { cookie?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; text: string; location?: string }> {
  const body = form.multipart ? new FormData() : new URLSearchParams();
  // Fields given by the caller replace the page's hidden ones (a forged id replaces the real one).
  for (const [k, v] of Object.entries(form.hidden)) if (!(k in fields)) body.append(k, v);
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) body.append(k, v);
  const target =
    form.action && !form.action.startsWith('javascript')
      ? new URL(form.action, pageUrl).toString()
      : pageUrl;
  const headers = { origin: new URL(pageUrl).origin, ...options.headers };
  const res = await fetch(target, {
    method: 'POST',
    body,
    redirect: 'manual',
    headers: { ...(options.cookie ? { cookie: options.cookie } : {}), ...headers },
  });
  const location = res.headers.get('location');
  if (res.status !== 303 || !location) return { status: res.status, text: await res.text() };
  // The browser follows with the cookies it had and the ones just set (the answer's flash).
  const set = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const cookie = [options.cookie, ...set].filter(Boolean).join('; ');
  const next = await fetch(new URL(location, target), {
    redirect: 'manual',
    headers: { ...(cookie ? { cookie } : {}), ...options.headers },
  });
  return { status: next.status, text: await next.text(), location };
}
