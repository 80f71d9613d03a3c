/** ROI: the business case from the plant's figures, and the ledger of measured evidence. */
export function RoiPage() {
  return (
    <div className="page" data-testid="roi-page">
      <h1>ROI</h1>
    </div>
  );
}
