using Microsoft.Playwright;

namespace Wasl.Tests;

/// <summary>What a person does on every form: waits for the bot challenge to tick, submits, signs in as staff.</summary>
internal static class PageSteps
{
    /// <summary>The widget solves its proof of work on load and writes the payload into the form; wait as a person waits for the tick.</summary>
    public static Task WaitForChallengeAsync(IPage page) =>
        page.WaitForFunctionAsync("() => document.querySelector('input[name=altcha]')?.value?.length > 20", null, new PageWaitForFunctionOptions { Timeout = 60_000 });

    /// <summary>
    /// Clicks and waits for the form's own navigation (not for network silence: the widget on the next page fetches
    /// its challenge). Obsolete in Playwright in favour of WaitForURL, which cannot wait for a post that returns to the same address.
    /// </summary>
    public static async Task SubmitAsync(IPage page, string button)
    {
#pragma warning disable CS0612
        var response = await page.RunAndWaitForNavigationAsync(() => page.ClickAsync(button));
#pragma warning restore CS0612
        // Whatever a person submits, the answer is a page (a form back with its messages, or the next step): never a server error.
        Assert.NotNull(response);
        Assert.True(response.Status < 500, $"{button} on {page.Url} answered {response.Status}");
    }

    public static async Task SignInStaffAsync(IPage page, string login, string password)
    {
        await page.GotoAsync("/staff/sign-in");
        await page.FillAsync("#Input_Login", login);
        await page.FillAsync("#Input_Password", password);
        await WaitForChallengeAsync(page);
        await SubmitAsync(page, "main form button[type=submit]");
    }
}
