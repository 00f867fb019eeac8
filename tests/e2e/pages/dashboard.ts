import { expect, type Page } from '@playwright/test';
import { enterSecondFactorCode } from './console';

/** The applicant's pages, found by what a user reads. */
export class DashboardPage {
  constructor(readonly page: Page) {}

  async signIn(login: string, password: string, expectSuccess = true) {
    await this.page.goto('/login');
    await this.page.getByRole('textbox', { name: '帳號', exact: true }).fill(login);
    await this.page.getByLabel('密碼').fill(password);
    await this.page.getByRole('button', { name: '登入', exact: true }).click();
    if (expectSuccess) await expect(this.page).toHaveURL(/\/dashboard\/passes/);
  }

  /** The password of an account with a second factor (or whose company requires one). */
  async signInToSecondFactor(login: string, password: string) {
    await this.signIn(login, password, false);
    await expect(this.page).toHaveURL(/\/login\/second-factor/);
    await expect(this.page.getByRole('heading', { name: '兩步驟驗證', level: 1 })).toBeVisible();
  }

  /** Types a TOTP or recovery code on the second-factor step or 帳號安全, and submits it. */
  async enterCode(code: string) {
    await enterSecondFactorCode(this.page, code);
  }

  async signOut() {
    await this.page.getByRole('button', { name: /登出|取消登入/ }).click();
    await expect(this.page).toHaveURL(/\/login/);
  }

  /** A row of the pass list, by pass number. */
  passRow(passNumber: string) {
    return this.page
      .getByRole('row')
      .filter({ has: this.page.getByRole('link', { name: passNumber, exact: true }) });
  }

  async openTab(tab: '所屬通行證' | '非所屬通行證') {
    await this.page.getByRole('link', { name: tab, exact: true }).first().click();
    await expect(this.page.getByRole('link', { name: tab, exact: true }).first()).toHaveAttribute(
      'aria-current',
      'page',
    );
  }
}
