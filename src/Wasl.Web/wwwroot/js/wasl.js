// Progressive enhancement only: the pages work without it.
document.querySelector('[data-autofocus]')?.focus();
// Print buttons (the receipt): inline handlers are not allowed by the content security policy.
for (const button of document.querySelectorAll('[data-print]')) button.addEventListener('click', () => window.print());
