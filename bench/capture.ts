/**
 * The public form's requests exactly as Chromium sends them (the page script's URL-encoded post
 * to /api/verify, with its Origin, Accept and other headers), captured from a real page and
 * replayed with other field values: the bench never hand-crafts the protocol.
 */
import { chromium } from '@playwright/test';
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

/** The captured request with its form fields set to other values. */
export function withFields(
  request: CapturedRequest,
  fields: Record<string, string>,
): CapturedRequest {
  const body = new URLSearchParams(request.body);
  for (const [name, value] of Object.entries(fields)) {
    if (!body.has(name)) throw new Error(`the captured request has no field ${name}`);
    body.set(name, value);
  }
  return { ...request, body: body.toString() };
}

/** Drives the /verify page like a person: 取得驗證碼, read the SMS, 送出驗證碼; keeps both requests. */
export async function captureVerifyRequests(
  appUrl: string,
  holder: Triple,
  readCode: () => Promise<string>,
) {
  const browser = await chromium.launch(CHROMIUM);
  try {
    const page = await (await browser.newContext({ locale: 'zh-TW' })).newPage();
    const posts: Array<Promise<CapturedRequest>> = [];
    page.on('request', (r) => {
      if (r.method() !== 'POST' || new URL(r.url()).pathname !== '/api/verify') return;
      // All the headers the browser sent (Origin and cookies included); autocannon sets the host
      // and the length of the body it sends.
      posts.push(
        r.allHeaders().then((headers) => ({
          path: '/api/verify',
          headers: Object.fromEntries(
            Object.entries(headers).filter(([name]) => !['content-length', 'host'].includes(name)),
          ),
          body: r.postData() ?? '',
        })),
      );
    });
    await page.goto(`${appUrl}/verify`);
    await page.waitForLoadState('networkidle');
    await page.getByLabel('通行證號').fill(holder.passNumber);
    await page.getByLabel('身份證號').fill(holder.identityNumber);
    await page.getByLabel('手機號碼').fill(holder.mobile);
    await page.getByRole('button', { name: '取得驗證碼' }).click();
    await page.getByText('驗證碼已經成功送出').waitFor();
    await page.getByRole('button', { name: '確定' }).click();
    await page.getByLabel('手機驗證碼').fill(await readCode());
    await page.getByRole('button', { name: '送出驗證碼' }).click();
    await page.getByTestId('verify-success').waitFor();
    const [issue, confirm] = await Promise.all(posts);
    if (!issue || !confirm)
      throw new Error(`captured ${posts.length} posts to /api/verify, expected 2`);
    return { issue, confirm };
  } finally {
    await browser.close();
  }
}
