// Progressive enhancement only: the pages work without it.
document.querySelector('[data-autofocus]')?.focus();
// Print buttons (the receipt): inline handlers are not allowed by the content security policy.
for (const button of document.querySelectorAll('[data-print]')) button.addEventListener('click', () => window.print());
// "You can ask for a new code in N minutes": count down and enable the button when the wait is over.
for (const wait of document.querySelectorAll('[data-countdown-minutes]')) {
    let minutes = Number(wait.dataset.countdownMinutes);
    const button = wait.closest(".resend").querySelector('[data-countdown-button]');
    const timer = setInterval(() => {
        minutes -= 1;
        if (minutes > 0) { wait.textContent = wait.dataset.countdownTemplate.replace('{0}', minutes); return; }
        clearInterval(timer);
        wait.hidden = true;
        if (button) button.disabled = false;
    }, 60000);
}
