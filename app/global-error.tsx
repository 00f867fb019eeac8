'use client';

export default function GlobalError({ reset }: { error: Error; reset: () => void }) {
  return (
    <html lang="zh-Hant-TW">
      <body
        style={{ fontFamily: 'system-ui, sans-serif', textAlign: 'center', padding: '4rem 1rem' }}
      >
        <h1>服務暫時無法使用</h1>
        <p>系統正在恢復中,請稍後再試。</p>
        <button onClick={reset} style={{ minHeight: 44, padding: '0 1.25rem' }}>
          重新載入
        </button>
      </body>
    </html>
  );
}
