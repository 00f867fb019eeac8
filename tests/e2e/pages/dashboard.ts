import { expect, type Page } from '@playwright/test';

export async function signIn(page: Page, login: string, password: string, expectSuccess = true) {
  await page.goto('/login');
  await page.getByLabel('帳號').fill(login);
  await page.getByLabel('密碼').fill(password);
  await page.getByRole('button', { name: '登入', exact: true }).click();
  if (expectSuccess) await expect(page).toHaveURL(/\/dashboard\/passes/);
}

/** A row of the pass list, by pass number. */
export function passRow(page: Page, passNumber: string) {
  return page
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: passNumber, exact: true }) });
}

export async function openTab(page: Page, tab: '所屬通行證' | '非所屬通行證') {
  await page.getByRole('link', { name: tab, exact: true }).first().click();
  await expect(page.getByRole('link', { name: tab, exact: true }).first()).toHaveAttribute(
    'aria-current',
    'page',
  );
}
