using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Demo;

namespace Wasl.Tests;

/// <summary>
/// Attachments (issue 6): accepted by content and served back byte for byte as sandboxed downloads; refused files named
/// on the form with everything else kept and nothing written; and every way of asking without the right answered 404.
/// </summary>
public abstract class AttachmentTests(AppFixture fixture)
{
    private const string Description = "مرفق خطاب المدرسة وصورة الفصل وتقرير الزيارة.";

    private WaslDbContext Db(IServiceScope scope) => scope.ServiceProvider.GetRequiredService<WaslDbContext>();

    private async Task<string> UnitIdAsync(string code)
    {
        using var scope = fixture.App.Services.CreateScope();
        return (await Db(scope).Units.Where(u => u.Code == code).Select(u => u.Id).SingleAsync()).ToString(CultureInfo.InvariantCulture);
    }

    private async Task<HttpResponseMessage> GuestPostsAsync(WebSession s, string subject, params UploadFile[] files) =>
        await s.SubmitAsync("/requests/new", new Dictionary<string, string>
        {
            ["Input.Type"] = "Complaint",
            ["Input.UnitId"] = await UnitIdAsync("RIY-S1"),
            ["Input.Subject"] = subject,
            ["Input.Description"] = Description,
            ["Input.Name"] = "ولي أمر",
            ["Input.Mobile"] = "0551112233",
        }, files: files);

    private async Task<(string Number, string Secret)> GuestSubmitsAsync(string subject, params UploadFile[] files)
    {
        var s = WebSession.Start(fixture.App);
        var response = await GuestPostsAsync(s, subject, files);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (_, receipt) = await s.FollowAsync(response);
        return (receipt.QuerySelector("#request-number")!.TextContent, receipt.QuerySelector("#request-secret")!.TextContent);
    }

    private async Task<WebSession> TrackAsync(string number, string secret)
    {
        var s = WebSession.Start(fixture.App);
        var (_, doc) = await s.FollowAsync(await s.SubmitAsync("/requests/track", new Dictionary<string, string> { ["Number"] = number, ["Secret"] = secret }));
        Assert.NotNull(doc.QuerySelector("#tracked"));
        return s;
    }

    private async Task<WebSession> SignedInAsync(string user, bool staff = true)
    {
        var s = WebSession.Start(fixture.App);
        Assert.Equal(HttpStatusCode.Redirect, (await s.SignInAsync(user, DemoData.Password, staff)).StatusCode);
        return s;
    }

    private static async Task<HttpResponseMessage> StaffActsAsync(WebSession s, string number, string handler, string text, IHtmlDocument? page = null, params UploadFile[] files)
    {
        page ??= (await s.GetAsync($"/staff/requests/{number}")).Document;
        return await s.SubmitAsync(page, $"/staff/requests/{number}", new Dictionary<string, string> { ["Action.Text"] = text },
            formSelector: "#text-actions", action: $"/staff/requests/{number}?handler={handler}", files: files);
    }

    private static Dictionary<string, string> Links(IHtmlDocument doc, string listSelector) =>
        doc.QuerySelectorAll($"{listSelector} li a.attachment-name").ToDictionary(a => a.TextContent, a => a.GetAttribute("href")!);

    private async Task<List<RequestAttachment>> AttachmentsAsync(string number)
    {
        using var scope = fixture.App.Services.CreateScope();
        var db = Db(scope);
        var id = await db.Set<Request>().Where(r => r.Number == number).Select(r => r.Id).SingleAsync();
        return await db.Set<RequestAttachment>().Where(a => a.RequestId == id).OrderBy(a => a.Id).ToListAsync();
    }

    private async Task<int> AttachmentCountAsync()
    {
        using var scope = fixture.App.Services.CreateScope();
        return await Db(scope).Set<RequestAttachment>().CountAsync();
    }

    /// <summary>How many files the store holds: on disk, or in the S3 bucket for the S3 variant.</summary>
    private async Task<int> StoredFileCount() => (await fixture.StoredKeysAsync()).Count;

    [SkippableFact]
    public async Task Files_sent_with_a_request_come_back_byte_for_byte_as_sandboxed_downloads()
    {
        fixture.Require();
        var pdf = SampleFiles.Pdf("letter");
        var png = SampleFiles.Png();
        var docx = SampleFiles.Docx();
        var (number, secret) = await GuestSubmitsAsync("شكوى مع مرفقات",
            new UploadFile("Files", "خطاب المدرسة.pdf", pdf, "application/pdf"),
            // What the browser claims does not count: the content decides.
            new UploadFile("Files", "C:\\fakepath\\صورة الفصل.png", png, "text/html"),
            new UploadFile("Files", "تقرير.docx", docx));

        var stored = await AttachmentsAsync(number);
        Assert.Equal(["خطاب المدرسة.pdf", "صورة الفصل.png", "تقرير.docx"], stored.Select(a => a.FileName));
        Assert.Equal(["application/pdf", "image/png", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"], stored.Select(a => a.ContentType));
        Assert.All(stored, a => Assert.True(a.IsPublic));
        Assert.All(stored, a => Assert.Null(a.UploaderId));
        Assert.Equal(SHA256.HashData(pdf), stored[0].Sha256);
        Assert.Equal(docx.Length, stored[2].Size);
        using (var scope = fixture.App.Services.CreateScope())
        {
            var submitted = await Db(scope).Set<RequestEvent>().SingleAsync(e => e.RequestId == stored[0].RequestId && e.Kind == EventKind.Submitted);
            Assert.All(stored, a => Assert.Equal(submitted.Id, a.EventId));
        }
        // In the store (on disk, or in the S3 bucket) under the store's random key, never under the person's name.
        var keys = await fixture.StoredKeysAsync();
        Assert.All(stored, a =>
        {
            Assert.Matches("^[0-9a-f]{32}$", a.StorageKey);
            Assert.NotEqual(a.PublicId, a.StorageKey);
            Assert.Single(keys, k => k == a.StorageKey);
        });
        Assert.DoesNotContain(keys, k => k.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase));

        // Staff of the unit list them on the request screen and download them.
        var staff = await SignedInAsync("coordinator");
        var (_, detail) = await staff.GetAsync($"/staff/requests/{number}");
        var links = Links(detail, "#attachments");
        Assert.Equal(3, links.Count);
        Assert.All(links.Values, href => Assert.Matches("^/requests/attachments/[0-9a-f]{32}$", href));
        Assert.Contains("صورة PNG", detail.QuerySelector("#attachments")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("مقدّم الطلب", detail.QuerySelector("#attachments")!.TextContent, StringComparison.Ordinal);
        // The submission on the timeline shows the files it carried.
        Assert.Equal(3, detail.QuerySelectorAll("#timeline li[data-kind=Submitted] .attachments li").Length);
        // Only the image may be opened in the browser.
        Assert.Single(detail.QuerySelectorAll("#attachments a.attachment-view"));

        foreach (var (name, bytes, type) in new[] { ("خطاب المدرسة.pdf", pdf, "application/pdf"), ("صورة الفصل.png", png, "image/png"), ("تقرير.docx", docx, stored[2].ContentType) })
        {
            var response = await staff.Client.GetAsync(links[name]);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
            Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
            var disposition = response.Content.Headers.ContentDisposition!;
            Assert.Equal("attachment", disposition.DispositionType);
            Assert.Equal(name, disposition.FileNameStar);
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
            Assert.StartsWith("sandbox", csp, StringComparison.Ordinal);
            Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
            Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        }

        // Viewing to print: an image inline, still sandboxed; a PDF stays a download.
        var image = await staff.Client.GetAsync(links["صورة الفصل.png"] + "?view=1");
        Assert.Equal("inline", image.Content.Headers.ContentDisposition!.DispositionType);
        Assert.StartsWith("sandbox", Assert.Single(image.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Equal("attachment", (await staff.Client.GetAsync(links["خطاب المدرسة.pdf"] + "?view=1")).Content.Headers.ContentDisposition!.DispositionType);

        // The guest, inside the tracking session, sees and downloads them too, but may not view inline.
        var guest = await TrackAsync(number, secret);
        var (_, tracked) = await guest.GetAsync("/requests/track");
        Assert.Equal(links, Links(tracked, "#attachments"));
        Assert.Empty(tracked.QuerySelectorAll("a.attachment-view"));
        var own = await guest.Client.GetAsync(links["تقرير.docx"] + "?view=1");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("attachment", own.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(docx, await own.Content.ReadAsByteArrayAsync());
    }

    [SkippableFact]
    public async Task A_refused_file_is_named_and_the_form_keeps_what_was_typed_and_nothing_is_written()
    {
        fixture.Require();
        var tooBig = new byte[10 * 1024 * 1024 + 1];
        SampleFiles.Pdf().CopyTo(tooBig, 0);
        var cases = new (string Subject, UploadFile[] Files, string Expected)[]
        {
            ("برنامج باسم ملف", [new("Files", "خطاب.pdf", SampleFiles.Exe(), "application/pdf")], "«\u2068خطاب.pdf\u2069» مرفوض: نوع محتواه غير مسموح به"),
            ("صفحة باسم صورة", [new("Files", "photo.png", SampleFiles.Html(), "image/png")], "«\u2068photo.png\u2069» مرفوض: نوع محتواه غير مسموح به"),
            ("ملف PDF باسم صورة", [new("Files", "scan.png", SampleFiles.Pdf())], "«\u2068scan.png\u2069» مرفوض: امتداد اسمه لا يطابق محتواه، والامتداد المطابق هو \u2068.pdf\u2069"),
            ("ملف كبير جدا", [new("Files", "big.pdf", tooBig)], "«\u2068big.pdf\u2069» مرفوض: حجمه أكبر من \u206810\u2069 ميغابايت"),
            ("ملفات كثيرة", [.. Enumerable.Range(1, 6).Select(i => new UploadFile("Files", $"p{i}.png", SampleFiles.Png()))], "يمكن إرفاق 5 ملفات على الأكثر"),
            ("ملف صالح وآخر مرفوض", [new("Files", "ok.pdf", SampleFiles.Pdf()), new("Files", "drawing.svg", SampleFiles.Svg(), "image/svg+xml")], "«\u2068drawing.svg\u2069» مرفوض"),
        };
        var rowsBefore = await AttachmentCountAsync();
        var filesBefore = await StoredFileCount();
        foreach (var (subject, files, expected) in cases)
        {
            var s = WebSession.Start(fixture.App);
            var response = await GuestPostsAsync(s, subject, files);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var doc = await WebSession.ParseAsync(response);
            Assert.Contains(expected, doc.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
            Assert.Contains(expected, doc.QuerySelector("#attachments-field")!.TextContent, StringComparison.Ordinal);
            Assert.Equal("#Files", doc.QuerySelector(".error-summary a")!.GetAttribute("href"));
            // Everything else is still there; the person is told to choose the files again.
            Assert.Equal(subject, ((IHtmlInputElement)doc.QuerySelector("#Input_Subject")!).Value);
            Assert.Equal(Description, ((IHtmlTextAreaElement)doc.QuerySelector("#Input_Description")!).Value);
            Assert.Equal("ولي أمر", ((IHtmlInputElement)doc.QuerySelector("#Input_Name")!).Value);
            Assert.NotNull(doc.QuerySelector("#files-again"));
            using var scope = fixture.App.Services.CreateScope();
            Assert.False(await Db(scope).Set<Request>().AnyAsync(r => r.Subject == subject));
        }
        Assert.Equal(rowsBefore, await AttachmentCountAsync());
        Assert.Equal(filesBefore, await StoredFileCount());
    }

    [SkippableFact]
    public async Task Every_request_for_a_file_without_the_right_to_it_is_the_same_404()
    {
        fixture.Require();
        var (number, secret) = await GuestSubmitsAsync("شكوى للتحقق من الصلاحيات", new UploadFile("Files", "guest.png", SampleFiles.Png()));
        var riyadh = await SignedInAsync("coordinator");
        Assert.Equal(HttpStatusCode.Redirect, (await StaffActsAsync(riyadh, number, "Note", "ملاحظة داخلية مع مرفق", null, new UploadFile("Files", "internal-memo.pdf", SampleFiles.Pdf("internal")))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await StaffActsAsync(riyadh, number, "Reply", "مرفق لك الرد الرسمي", null, new UploadFile("Files", "reply.docx", SampleFiles.Docx()))).StatusCode);

        var stored = await AttachmentsAsync(number);
        Assert.Equal([true, false, true], stored.Select(a => a.IsPublic));
        var url = stored.ToDictionary(a => a.FileName, a => $"/requests/attachments/{a.PublicId}");

        // Staff see all three, the internal one marked; the note's file hangs on the note.
        var (_, detail) = await riyadh.GetAsync($"/staff/requests/{number}");
        Assert.Equal(3, Links(detail, "#attachments").Count);
        Assert.NotNull(detail.QuerySelector($"#attachments li.internal[data-attachment='{stored[1].PublicId}']"));
        Assert.Contains("internal-memo.pdf", detail.QuerySelector("#timeline li[data-kind=InternalNote]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("reply.docx", detail.QuerySelector("#timeline li[data-kind=PublicReply]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await riyadh.Client.GetAsync(url["internal-memo.pdf"])).StatusCode);

        // The guest sees the public ones, on the list and under the reply, and never the internal one.
        var guest = await TrackAsync(number, secret);
        var (_, tracked) = await guest.GetAsync("/requests/track");
        Assert.Equal(["guest.png", "reply.docx"], Links(tracked, "#attachments").Keys.Order(StringComparer.Ordinal));
        Assert.Contains("reply.docx", tracked.QuerySelector("#timeline li[data-kind=PublicReply]")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("internal-memo", tracked.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(stored[1].PublicId, tracked.Body!.InnerHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await guest.Client.GetAsync(url["reply.docx"])).StatusCode);

        async Task NotFound(WebSession s, string path, string who)
        {
            var response = await s.Client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{who} asked {path} and got {(int)response.StatusCode}");
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Null(response.Content.Headers.ContentDisposition);
        }

        // The requester asking for the internal file, even knowing its address.
        await NotFound(guest, url["internal-memo.pdf"], "guest in session");
        // Anonymous, and a guest whose tracking session is for another request.
        var anonymous = WebSession.Start(fixture.App);
        foreach (var path in url.Values) await NotFound(anonymous, path, "anonymous");
        var (otherNumber, otherSecret) = await GuestSubmitsAsync("طلب ضيف آخر", new UploadFile("Files", "other.gif", SampleFiles.Gif()));
        var otherGuest = await TrackAsync(otherNumber, otherSecret);
        await NotFound(otherGuest, url["guest.png"], "other guest");
        // A tracking cookie that was tampered with is no session at all.
        var forged = WebSession.Start(fixture.App);
        forged.Jar.Add(new Uri("http://localhost/requests"), new Cookie("wasl.track", "CfDJ8forged", "/requests"));
        await NotFound(forged, url["guest.png"], "forged session");
        // Another beneficiary (the demo parent) for the guest's files; and the guest for the parent's own file.
        var parent = await SignedInAsync("1000000008", staff: false);
        await NotFound(parent, url["guest.png"], "other beneficiary");
        var mine = await parent.SubmitAsync("/requests/new", new Dictionary<string, string>
        {
            ["Input.Type"] = "Inquiry",
            ["Input.Subject"] = "استفسار مع مرفق",
            ["Input.Description"] = "أرفقت شهادة الميلاد للاستفسار عن التسجيل.",
        }, files: [new UploadFile("Files", "birth.jpg", SampleFiles.Jpeg())]);
        var (_, receipt) = await parent.FollowAsync(mine);
        var parentFile = (await AttachmentsAsync(receipt.QuerySelector("#request-number")!.TextContent)).Single();
        Assert.NotNull(parentFile.UploaderId);
        Assert.Equal(HttpStatusCode.OK, (await parent.Client.GetAsync($"/requests/attachments/{parentFile.PublicId}")).StatusCode);
        await NotFound(guest, $"/requests/attachments/{parentFile.PublicId}", "guest for a beneficiary's file");
        // Staff outside the request's subtree, and staff without a role that sees requests.
        var makkah = await SignedInAsync("coordinator2");
        foreach (var path in url.Values) await NotFound(makkah, path, "coordinator of Makkah");
        await NotFound(await SignedInAsync("principal"), url["guest.png"], "principal");
        // Guessing: a random id, the sequential id, another spelling of a real id, a path.
        foreach (var guess in new[] { Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), stored[0].Id.ToString(CultureInfo.InvariantCulture), stored[0].PublicId.ToUpperInvariant(), stored[0].StorageKey, "..%2F..%2Fappsettings.json" })
            await NotFound(riyadh, $"/requests/attachments/{guess}", "staff guessing");
        // A real id under a segment no module owns: the file is only ever served through its owner's check.
        await NotFound(riyadh, url["internal-memo.pdf"].Replace("/requests/", "/letters/", StringComparison.Ordinal), "staff under another module's address");
    }

    [SkippableFact]
    public async Task Information_added_when_asked_carries_files_and_staff_files_go_only_with_a_reply_or_a_note()
    {
        fixture.Require();
        var (number, secret) = await GuestSubmitsAsync("طلب ينتظر مستندات");
        var riyadh = await SignedInAsync("coordinator");
        Assert.Equal(HttpStatusCode.Redirect, (await StaffActsAsync(riyadh, number, "Ask", "أرسل صورة الإشعار")).StatusCode);

        // Files with "ask" (or any action but reply and note) are refused and nothing is written.
        var filesBefore = await StoredFileCount();
        var refused = await StaffActsAsync(riyadh, number, "Escalate", "للمدير", null, new UploadFile("Files", "x.pdf", SampleFiles.Pdf()));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("مع الرد على المستفيد أو مع الملاحظة الداخلية فقط", (await WebSession.ParseAsync(refused)).QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(filesBefore, await StoredFileCount());
        using (var scope = fixture.App.Services.CreateScope())
            Assert.Equal(RequestStatus.AwaitingRequester, (await Db(scope).Set<Request>().SingleAsync(r => r.Number == number)).Status);

        // The guest first sends a wrong file: refused by name, the text stays; then the right one.
        var guest = await TrackAsync(number, secret);
        var (_, page) = await guest.GetAsync("/requests/track");
        var wrong = await guest.SubmitAsync(page, "/requests/track", new Dictionary<string, string> { ["Text"] = "مرفق الإشعار" }, formSelector: "#info-form",
            files: [new UploadFile("Files", "notice.jpg", SampleFiles.Exe(), "image/jpeg")]);
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        var wrongDoc = await WebSession.ParseAsync(wrong);
        Assert.Contains("«\u2068notice.jpg\u2069» مرفوض", wrongDoc.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("مرفق الإشعار", ((IHtmlTextAreaElement)wrongDoc.QuerySelector("#info-form textarea")!).Value);
        Assert.Empty(await AttachmentsAsync(number));

        // A good file with a step that fails after the file was stored (no text): the stored file is removed again.
        var filesBeforeEmpty = await StoredFileCount();
        var noText = await guest.SubmitAsync(wrongDoc, "/requests/track", new Dictionary<string, string> { ["Text"] = " " }, formSelector: "#info-form",
            files: [new UploadFile("Files", "notice.pdf", SampleFiles.Pdf())]);
        Assert.Equal(HttpStatusCode.OK, noText.StatusCode);
        Assert.NotNull((await WebSession.ParseAsync(noText)).QuerySelector(".error-summary"));
        Assert.Empty(await AttachmentsAsync(number));
        Assert.Equal(filesBeforeEmpty, await StoredFileCount());

        var right = await guest.SubmitAsync(wrongDoc, "/requests/track", new Dictionary<string, string> { ["Text"] = "مرفق الإشعار" }, formSelector: "#info-form",
            files: [new UploadFile("Files", "notice.webp", SampleFiles.WebP()), new UploadFile("Files", "grades.xlsx", SampleFiles.Xlsx())]);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        var stored = await AttachmentsAsync(number);
        Assert.Equal(["notice.webp", "grades.xlsx"], stored.Select(a => a.FileName));
        Assert.All(stored, a => Assert.True(a.IsPublic));
        using (var scope = fixture.App.Services.CreateScope())
        {
            var info = await Db(scope).Set<RequestEvent>().SingleAsync(e => e.Kind == EventKind.InfoProvided && e.RequestId == stored[0].RequestId);
            Assert.All(stored, a => Assert.Equal(info.Id, a.EventId));
        }
        var (_, tracked) = await guest.GetAsync("/requests/track");
        Assert.Equal(2, tracked.QuerySelectorAll("#timeline li[data-kind=InfoProvided] .attachments li").Length);
        var (_, detail) = await riyadh.GetAsync($"/staff/requests/{number}");
        Assert.Equal(2, detail.QuerySelectorAll("#timeline li[data-kind=InfoProvided] .attachments li").Length);
    }

    [SkippableFact]
    public async Task A_failed_action_leaves_neither_a_row_nor_a_stored_file_and_the_request_limit_holds()
    {
        fixture.Require();
        var (number, _) = await GuestSubmitsAsync("طلب يتصرف فيه موظفان");
        var riyadh = await SignedInAsync("coordinator");
        var supervisor = await SignedInAsync("supervisor");
        var (_, stale) = await riyadh.GetAsync($"/staff/requests/{number}");
        Assert.Equal(HttpStatusCode.Redirect, (await StaffActsAsync(supervisor, number, "Note", "سبقتك")).StatusCode);

        // A stale form loses before anything is stored or written.
        var filesBefore = await StoredFileCount();
        var lost = await StaffActsAsync(riyadh, number, "Reply", "رد متأخر", stale, new UploadFile("Files", "late.pdf", SampleFiles.Pdf()));
        Assert.Equal(HttpStatusCode.OK, lost.StatusCode);
        Assert.NotNull((await WebSession.ParseAsync(lost)).QuerySelector(".error-summary"));
        Assert.Empty(await AttachmentsAsync(number));
        Assert.Equal(filesBefore, await StoredFileCount());

        // A request holds at most Files:MaxFilesPerRequest (30) files over its life.
        using (var scope = fixture.App.Services.CreateScope())
        {
            var db = Db(scope);
            var id = await db.Set<Request>().Where(r => r.Number == number).Select(r => r.Id).SingleAsync();
            for (var i = 0; i < 29; i++)
                db.Add(new RequestAttachment { PublicId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), RequestId = id, FileName = $"f{i}.pdf", StorageKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), ContentType = "application/pdf", Sha256 = new byte[32], UploadedAt = fixture.App.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }
        var full = await StaffActsAsync(riyadh, number, "Note", "ملفان آخران", null, new UploadFile("Files", "a.pdf", SampleFiles.Pdf()), new UploadFile("Files", "b.pdf", SampleFiles.Pdf()));
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Contains("الحد الأقصى للمرفقات (30 ملفًا)", (await WebSession.ParseAsync(full)).QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await StaffActsAsync(riyadh, number, "Note", "ملف أخير", null, new UploadFile("Files", "last.pdf", SampleFiles.Pdf()))).StatusCode);
        Assert.Equal(30, (await AttachmentsAsync(number)).Count);
    }

    [SkippableFact]
    public async Task A_body_beyond_every_limit_gets_the_localized_too_large_page_and_nothing_is_written()
    {
        fixture.Require();
        // Small limits, so that "beyond (5 + 1) files of the largest size" is a few megabytes here.
        var connection = await TestDatabases.CreateAsync(fixture.Provider, "ceiling");
        await using var app = new WaslAppFactory(fixture.Provider, connection, settings: new Dictionary<string, string?> { ["Files:MaxFileBytes"] = "100000" });
        var s = WebSession.Start(app);
        var response = await s.SubmitAsync("/requests/new", new Dictionary<string, string>
        {
            ["Input.Subject"] = "طلب بملف ضخم",
            ["Input.Description"] = Description,
            ["Input.Name"] = "ولي أمر",
            ["Input.Mobile"] = "0551112233",
        }, files: [new UploadFile("Files", "huge.pdf", new byte[3 * 1024 * 1024])]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var doc = await WebSession.ParseAsync(response);
        Assert.Equal("الملفات المرسلة كبيرة جدًا", doc.QuerySelector("h1")!.TextContent);
        Assert.DoesNotContain("Exception", doc.Body!.TextContent, StringComparison.Ordinal);
        using var scope = app.Services.CreateScope();
        Assert.False(await Db(scope).Set<Request>().AnyAsync(r => r.Subject == "طلب بملف ضخم"));
        Assert.False(Directory.Exists(app.FilesRoot) && Directory.GetFiles(app.FilesRoot, "*", SearchOption.AllDirectories).Length > 0);
        // Within the limit the same page reports an oversize file by name on the form.
        var named = await WebSession.ParseAsync(await s.SubmitAsync("/requests/new", new Dictionary<string, string> { ["Input.Subject"] = "طلب بملف كبير" },
            files: [new UploadFile("Files", "large.pdf", new byte[200_000])]));
        Assert.Contains("«\u2068large.pdf\u2069» مرفوض: حجمه أكبر من \u20680.1\u2069 ميغابايت", named.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_call_center_attaches_what_a_caller_sent_in()
    {
        fixture.Require();
        var agent = await SignedInAsync("agent");
        var (_, page) = await agent.GetAsync("/staff/call-center?q=0500000123");
        var filed = await agent.SubmitAsync(page, "/staff/call-center", new Dictionary<string, string>
        {
            ["Input.Type"] = "Complaint",
            ["Input.UnitId"] = await UnitIdAsync("RIY-S1"),
            ["Input.Subject"] = "شكوى هاتفية مع مرفق",
            ["Input.Description"] = "أرسل المتصل صورة الخطاب بالبريد.",
            ["Input.Name"] = "متصل",
            ["Input.Mobile"] = "0500000123",
        }, formSelector: "#call-form", action: "/staff/call-center", files: [new UploadFile("Files", "letter.doc", SampleFiles.Doc())]);
        var (_, receipt) = await agent.FollowAsync(filed);
        var number = receipt.QuerySelector("#request-number")!.TextContent;
        var file = Assert.Single(await AttachmentsAsync(number));
        Assert.Equal("application/msword", file.ContentType);
        Assert.True(file.IsPublic);
        var (_, detail) = await (await SignedInAsync("coordinator")).GetAsync($"/staff/requests/{number}");
        Assert.Contains("موظف مركز الاتصال", detail.QuerySelector("#attachments")!.TextContent, StringComparison.Ordinal);
    }
}

public sealed class AttachmentTestsOnSqlite(SqliteAppFixture f) : AttachmentTests(f), IClassFixture<SqliteAppFixture>;

public sealed class AttachmentTestsOnPostgres(PostgresAppFixture f) : AttachmentTests(f), IClassFixture<PostgresAppFixture>;

/// <summary>The same attachment flows with the files in a real S3 server (s3rver) instead of on disk.</summary>
public sealed class AttachmentTestsOnPostgresS3(PostgresS3AppFixture f) : AttachmentTests(f), IClassFixture<PostgresS3AppFixture>;
