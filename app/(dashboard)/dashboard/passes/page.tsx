export default function PassesPage() {
  return <h1 className="text-xl font-bold">人員通行證手機驗證</h1>;
}
