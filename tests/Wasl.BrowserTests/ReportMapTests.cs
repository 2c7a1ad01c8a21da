using System.Globalization;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Wasl.Web.Platform.Demo;

namespace Wasl.Tests;

/// <summary>
/// The map pin on the report form, in Arabic, with no map tiles at all (this machine has no internet): clicking the
/// map places the pin and fills the coordinate fields, the report is sent, and it reaches the school whose area holds
/// the point, where staff see the location as text and on a map.
/// </summary>
public sealed class ReportMapTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static double Number(string? text) => double.Parse(text!, CultureInfo.InvariantCulture);

    /// <summary>
    /// The pin's place in the map's layer (Leaflet moves the marker itself there, and pans the whole pane around it):
    /// a smaller y is further north, whatever the map has panned to since.
    /// </summary>
    private static async Task<double> PinLayerYAsync(IPage page) =>
        await page.EvaluateAsync<double>("() => new DOMMatrix(getComputedStyle(document.querySelector('#location-map .leaflet-marker-icon')).transform).m42");

    [SkippableFact]
    public async Task A_guest_pins_a_report_on_the_map_without_tiles_and_it_reaches_the_school_there()
    {
        fixture.Require();
        var page = await fixture.NewPageAsync();
        var scriptErrors = new List<string>();
        page.PageError += (_, error) => scriptErrors.Add(error);
        await page.GotoAsync("/requests/new?type=Report");
        Assert.Equal("rtl", await page.GetAttributeAsync("html", "dir"));

        // The map is drawn (left-to-right inside the right-to-left page), its zoom buttons on the reading side.
        var map = page.Locator("#location-map.leaflet-container");
        await map.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 15_000 });
        Assert.Equal("ltr", await map.GetAttributeAsync("dir"));
        Assert.Equal(1, await page.Locator("#location-map .leaflet-top.leaflet-right .leaflet-control-zoom").CountAsync());
        Assert.Equal(string.Empty, await page.InputValueAsync("#Input_Latitude"));

        // Meant for reports: switching the type away hides the picker (and its fields are not sent); back again shows it.
        await page.CheckAsync("#type-Complaint");
        Assert.False(await page.IsVisibleAsync("#location"));
        Assert.True(await page.IsDisabledAsync("#Input_Latitude"));
        await page.CheckAsync("#type-Report");
        Assert.True(await page.IsVisibleAsync("#location"));
        Assert.True(await page.IsEnabledAsync("#Input_Latitude"));

        // The map opens on central Riyadh (the configured centre): a click in its middle pins RIY-S1's demo area.
        await map.ClickAsync();
        await page.Locator("#location-map .leaflet-marker-icon").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        var lat = Number(await page.InputValueAsync("#Input_Latitude"));
        var lon = Number(await page.InputValueAsync("#Input_Longitude"));
        Assert.InRange(lat, 24.7136 - 0.003, 24.7136 + 0.003);
        Assert.InRange(lon, 46.6753 - 0.003, 46.6753 + 0.003);
        Assert.True(await page.IsVisibleAsync("#location-clear"));
        await fixture.ScreenshotAsync(page, "report-map-pin-ar");
        // The map and its pin add no serious accessibility fault to the form.
        var violations = (await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical").Select(v => v.Id + ": " + string.Join(" ", v.Nodes.Select(n => n.Target))).ToList();
        Assert.True(violations.Count == 0, string.Join("; ", violations));

        // Typing in the fields (Arabic-Indic digits too) moves the pin, without touching what was typed.
        var clickedY = await PinLayerYAsync(page);
        var typed = lat + 0.05;
        await page.FillAsync("#Input_Longitude", lon.ToString(CultureInfo.InvariantCulture));
        await page.FillAsync("#Input_Latitude", string.Concat(typed.ToString("0.0000", CultureInfo.InvariantCulture).Select(c => c == '.' ? '\u066B' : (char)('\u0660' + (c - '0')))));
        await page.DispatchEventAsync("#Input_Latitude", "change");
        Assert.True(await PinLayerYAsync(page) < clickedY - 20, "a pin further north sits higher on the map");
        Assert.StartsWith("\u0662\u0664", await page.InputValueAsync("#Input_Latitude"), StringComparison.Ordinal);
        await page.FillAsync("#Input_Latitude", lat.ToString(CultureInfo.InvariantCulture));
        await page.DispatchEventAsync("#Input_Latitude", "change");
        Assert.Equal(clickedY, await PinLayerYAsync(page), 0);

        await page.SelectOptionAsync("#Input_CategoryId", new SelectOptionValue { Label = "صيانة المباني" });
        await page.FillAsync("#Input_Subject", "تسرب مياه في فصل");
        await page.FillAsync("#Input_Description", "تسرب مياه من سقف الفصل منذ الصباح قرب الأسلاك الكهربائية.");
        await page.FillAsync("#Input_Name", "أم خالد");
        await page.FillAsync("#Input_Mobile", "٠٥٥٩٨٧٦٥٤٣");
        await PageSteps.WaitForChallengeAsync(page);
        await PageSteps.SubmitAsync(page, "main form button[type=submit]");
        await page.WaitForURLAsync("**/requests/submitted");
        var number = (await page.TextContentAsync("#request-number"))!;

        // The Riyadh coordinator opens it: routed to the school whose area holds the pin, location shown as text and on a map.
        var staff = await fixture.NewPageAsync();
        await PageSteps.SignInStaffAsync(staff, "coordinator", DemoData.Password);
        await staff.GotoAsync($"/staff/requests/{number}");
        Assert.Contains("مدرسة الرياض الابتدائية الأولى", await staff.TextContentAsync("#request"), StringComparison.Ordinal);
        var shown = (await staff.TextContentAsync("#request-location"))!.Split(',', StringSplitOptions.TrimEntries);
        Assert.InRange(Number(shown[0]), 24.7106, 24.7166);
        Assert.InRange(Number(shown[1]), 46.6723, 46.6783);
        await staff.Locator("#request-map .leaflet-marker-icon").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 15_000 });
        await fixture.ScreenshotAsync(staff, "request-detail-map-ar");

        Assert.Empty(scriptErrors);
    }
}
