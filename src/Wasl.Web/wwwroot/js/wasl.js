// Progressive enhancement only: the pages work without it.
document.querySelector('[data-autofocus]')?.focus();
