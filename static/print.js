// Opens the browser's print dialogue on the handover record when the case
// page's "Print or save as PDF" link asked for it (?print=1). Without
// JavaScript the record shows and the browser's own Print works the same.
const record = document.querySelector('[data-autoprint]');
if (record) {
  window.addEventListener('load', () => window.print(), { once: true });
}
