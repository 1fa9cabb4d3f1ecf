export function App() {
  return <main>Access Ledger</main>;
}
