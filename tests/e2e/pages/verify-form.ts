import { expect, type Locator, type Page } from '@playwright/test';

/** The 手機驗證 form, on /verify or inside the login page's dialog, found by its visible labels. */
export class VerifyFormPage {
  constructor(
    readonly page: Page,
    readonly root: Locator = page.locator('main'),
  ) {}

  /** The same form inside another element (the login page's dialog). */
  within(root: Locator) {
    return new VerifyFormPage(this.page, root);
  }

  async fillTriple(t: { passNumber: string; identityNumber: string; mobile: string }) {
    await this.root.getByLabel('通行證號').fill(t.passNumber);
    await this.root.getByLabel('身份證號').fill(t.identityNumber);
    await this.root.getByLabel('手機號碼').fill(t.mobile);
  }

  async requestCode() {
    await this.root.getByRole('button', { name: '取得驗證碼' }).click();
  }

  async submitCode(code: string) {
    await this.root.getByLabel('手機驗證碼').fill(code);
    await this.root.getByRole('button', { name: '送出驗證碼' }).click();
  }

  error() {
    return this.page.getByTestId('verify-error');
  }

  async expectSent() {
    await expect(this.page.getByText('驗證碼已經成功送出')).toBeVisible();
    await this.page.getByRole('button', { name: '確定' }).click();
  }

  async expectVerified() {
    await expect(this.page.getByTestId('verify-success')).toContainText('已驗證');
  }
}
