/**
 * The public form's requests exactly as Chromium sends them, captured from a real /verify page
 * and replayed with other field values: the bench never hand-crafts the protocol.
 *
 * - With JavaScript, the page calls its server action (`verifyPhoneAction` through
 *   `useActionState`): a POST to /verify with a `next-action` header and a multipart body that
 *   React encodes (`encodeReply`). The form's FormData is one argument of the call: the root part
 *   `0` refers to it as `"$K<id>"` and each of its entries is a part named `_<id>_<field>`.
 * - Without JavaScript, the browser posts the form natively: multipart to /verify, with the
 *   hidden `$ACTION_…` fields React rendered into the form, the fields by their own names, and
 *   the page's Origin.
 *
 * Only the field parts' values are rewritten; every other part and header is the browser's.
 */
import { chromium, type Page, type Request } from '@playwright/test';
import { CHROMIUM } from '../tests/support/chromium';

export interface CapturedRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface Triple {
  passNumber: string;
  identityNumber: string;
  mobile: string;
}

interface Part {
  name: string;
  /** The part as sent, up to the blank line after its headers. */
  head: string;
  value: string;
}

/** A multipart/form-data body split into its parts (the body is all text: no files here). */
function parseMultipart(contentType: string | undefined, body: string) {
  const boundary = /boundary=("?)([^";]+)\1/.exec(contentType ?? '')?.[2];
  if (!boundary) throw new Error(`the captured request is not multipart: ${contentType}`);
  const delimiter = `--${boundary}`;
  const chunks = body.split(delimiter);
  const last = chunks.pop();
  if (chunks.shift() !== '' || !last?.startsWith('--'))
    throw new Error('the captured multipart body is not one the bench can read');
  const parts = chunks.map((chunk): Part => {
    const end = chunk.indexOf('\r\n\r\n');
    if (!chunk.startsWith('\r\n') || end < 0 || !chunk.endsWith('\r\n'))
      throw new Error('a captured multipart part is not one the bench can read');
    const head = chunk.slice(0, end + 4);
    const name = /^Content-Disposition: form-data; name="([^"]*)"/im.exec(head)?.[1];
    if (name === undefined) throw new Error(`a captured part has no name: ${head}`);
    return { name, head, value: chunk.slice(end + 4, -2) };
  });
  return { boundary, delimiter, parts, last };
}

/**
 * The prefixes under which the body carries a form's entries: `_<id>_` for each FormData the
 * root part refers to (`"$K<id>"`, the id in hexadecimal) in a server action call, or none for a
 * native form post.
 */
function fieldPrefixes(parts: Part[]): string[] {
  const root = parts.find((p) => p.name === '0');
  if (!root) return [''];
  const ids = [...root.value.matchAll(/"\$K([0-9a-f]+)"/g)].map((m) => parseInt(m[1]!, 16));
  if (ids.length === 0) throw new Error(`the action call passes no FormData: ${root.value}`);
  return ids.map((id) => `_${id}_`);
}

/** The captured request with its form fields set to other values. */
export function withFields(
  request: CapturedRequest,
  fields: Record<string, string>,
): CapturedRequest {
  const { boundary, delimiter, parts, last } = parseMultipart(
    request.headers['content-type'],
    request.body,
  );
  const prefixes = fieldPrefixes(parts);
  for (const [name, value] of Object.entries(fields)) {
    const matches = parts.filter((p) => prefixes.some((prefix) => p.name === prefix + name));
    if (matches.length !== 1)
      throw new Error(
        `the captured request has ${matches.length} parts for the field ${name} (parts: ${parts.map((p) => p.name).join(', ')})`,
      );
    if (/[\r\n]/.test(value) || value.includes(boundary))
      throw new Error(`the value of ${name} cannot be sent as it is`);
    matches[0]!.value = value;
  }
  const body = `${parts.map((p) => `${delimiter}${p.head}${p.value}\r\n`).join('')}${delimiter}${last}`;
  return { ...request, body };
}

/** Every header the browser sent but the two autocannon sets itself (host and the body's length). */
const keep = async (r: Request, path: string): Promise<CapturedRequest> => ({
  path,
  headers: Object.fromEntries(
    Object.entries(await r.allHeaders()).filter(
      ([name]) => !['content-length', 'host'].includes(name),
    ),
  ),
  body: r.postDataBuffer()?.toString('utf8') ?? '',
});

const isPost = (r: Request, path: string) =>
  r.method() === 'POST' && new URL(r.url()).pathname === path;

/**
 * Drives the /verify page like a person: 取得驗證碼, read the SMS, 送出驗證碼, keeping the two
 * server-action posts; then, with JavaScript off, 取得驗證碼 again for the native form post.
 */
export async function captureVerifyRequests(
  appUrl: string,
  holders: { js: Triple; noJs: Triple },
  readCode: (mobile: string) => Promise<string>,
) {
  const browser = await chromium.launch(CHROMIUM);
  try {
    const fill = async (page: Page, holder: Triple) => {
      await page.getByLabel('通行證號').fill(holder.passNumber);
      await page.getByLabel('身份證號').fill(holder.identityNumber);
      await page.getByLabel('手機號碼').fill(holder.mobile);
    };

    // With JavaScript: the server action's calls.
    const page = await (await browser.newContext({ locale: 'zh-TW' })).newPage();
    const actions: Array<Promise<CapturedRequest>> = [];
    page.on('request', (r) => {
      if (isPost(r, '/verify') && r.headers()['next-action']) actions.push(keep(r, '/verify'));
    });
    await page.goto(`${appUrl}/verify`);
    await page.waitForLoadState('networkidle');
    await fill(page, holders.js);
    await page.getByRole('button', { name: '取得驗證碼' }).click();
    await page.getByText('驗證碼已經成功送出').waitFor();
    await page.getByRole('button', { name: '確定' }).click();
    await page.getByLabel('手機驗證碼').fill(await readCode(holders.js.mobile));
    await page.getByRole('button', { name: '送出驗證碼' }).click();
    await page.getByTestId('verify-success').waitFor();
    const [issue, confirm, ...more] = await Promise.all(actions);
    if (!issue || !confirm || more.length)
      throw new Error(`captured ${actions.length} server-action posts to /verify, expected 2`);

    // Without JavaScript: the form's native post, answered with the page and its state.
    const bare = await (
      await browser.newContext({ locale: 'zh-TW', javaScriptEnabled: false })
    ).newPage();
    const native: Array<Promise<CapturedRequest>> = [];
    bare.on('request', (r) => {
      if (isPost(r, '/verify')) native.push(keep(r, '/verify'));
    });
    await bare.goto(`${appUrl}/verify`);
    await fill(bare, holders.noJs);
    await bare.getByRole('button', { name: '取得驗證碼' }).click();
    await bare.getByText('驗證碼已經成功送出').waitFor();
    const [issueNoJs, ...moreNoJs] = await Promise.all(native);
    if (!issueNoJs || moreNoJs.length)
      throw new Error(`captured ${native.length} native posts to /verify, expected 1`);
    if (issueNoJs.headers['next-action'])
      throw new Error('the post without JavaScript carried a next-action header');
    return { issue, confirm, issueNoJs };
  } finally {
    await browser.close();
  }
}

export type VerifyRequests = Awaited<ReturnType<typeof captureVerifyRequests>>;
