import { expect, type Page } from '@playwright/test';

/** The applicant's pages, found by what a user reads. */
export class DashboardPage {
  constructor(readonly page: Page) {}

  async signIn(login: string, password: string, expectSuccess = true) {
    await this.page.goto('/login');
    await this.page.getByLabel('帳號').fill(login);
    await this.page.getByLabel('密碼').fill(password);
    await this.page.getByRole('button', { name: '登入', exact: true }).click();
    if (expectSuccess) await expect(this.page).toHaveURL(/\/dashboard\/passes/);
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
