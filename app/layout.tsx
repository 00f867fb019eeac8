import type { Metadata, Viewport } from 'next';
import './globals.css';

export const metadata: Metadata = {
  title: { default: '港區通行證資訊網', template: '%s|港區通行證資訊網' },
  description: '港區通行證系統:通行證使用者手機驗證與業者申請人作業',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#123a58' };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="zh-Hant-TW">
      <body className="min-h-dvh bg-slate-50 text-slate-900 antialiased">{children}</body>
    </html>
  );
}
