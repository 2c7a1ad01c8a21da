using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wasl.Web.Modules.Requests;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Demo;
using Wasl.Web.Platform.Localization;

namespace Wasl.Tests;

/// <summary>Staff search: exact identifiers in any digits, words with Arabic normalization, scoped to what one may see (issue 3).</summary>
public abstract class RequestSearchTests(AppFixture fixture)
{
    private async Task<string> SubmitAsync(string subject, string description, string mobile, string unitCode)
    {
        int unitId;
        using (var scope = fixture.App.Services.CreateScope())
            unitId = await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Units.Where(u => u.Code == unitCode).Select(u => u.Id).SingleAsync();
        var s = WebSession.Start(fixture.App);
        var response = await s.SubmitAsync("/requests/new", new Dictionary<string, string>
        {
            ["Input.Type"] = "Complaint",
            ["Input.UnitId"] = unitId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Subject"] = subject,
            ["Input.Description"] = description,
            ["Input.Name"] = "باحث",
            ["Input.Mobile"] = mobile,
            ["Input.NationalId"] = "1000000016",
        });
        var (_, receipt) = await s.FollowAsync(response);
        return receipt.QuerySelector("#request-number")!.TextContent;
    }

    private async Task<string> SearchAsync(string user, string q)
    {
        var s = WebSession.Start(fixture.App);
        await s.SignInAsync(user, DemoData.Password);
        var (response, doc) = await s.GetAsync("/staff/requests/search?q=" + Uri.EscapeDataString(q));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return doc.QuerySelector("#results")?.TextContent ?? "";
    }

    [SkippableFact]
    public async Task Spelling_variants_digits_and_numbers_all_find_the_request_within_scope()
    {
        fixture.Require();
        var number = await SubmitAsync("نظافة مدرسة الحي", "هناك إسراف في استخدام المياه داخل المدرسة.", "0557778899", "RIY-S1");

        Assert.Contains(number, await SearchAsync("coordinator", "مدرسه"), StringComparison.Ordinal);
        Assert.Contains(number, await SearchAsync("coordinator", "اسراف"), StringComparison.Ordinal);
        Assert.Contains(number, await SearchAsync("coordinator", "ٱلمياه نظافه"), StringComparison.Ordinal);
        Assert.Contains(number, await SearchAsync("coordinator", "٠٥٥٧٧٧٨٨٩٩"), StringComparison.Ordinal);
        Assert.Contains(number, await SearchAsync("coordinator", "۱۰۰۰۰۰۰۰۱۶"), StringComparison.Ordinal);
        Assert.Contains(number, await SearchAsync("coordinator", number.ToLowerInvariant()), StringComparison.Ordinal);
        Assert.DoesNotContain(number, await SearchAsync("coordinator", "مدرسه كهرباء"), StringComparison.Ordinal);

        // Another directorate's coordinator finds nothing of it, by any key.
        Assert.DoesNotContain(number, await SearchAsync("coordinator2", "مدرسه"), StringComparison.Ordinal);
        Assert.DoesNotContain(number, await SearchAsync("coordinator2", number), StringComparison.Ordinal);
        Assert.DoesNotContain(number, await SearchAsync("coordinator2", "0557778899"), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Rare_and_frequent_words_give_the_same_newest_first_matches()
    {
        fixture.Require();
        var first = await SubmitAsync("رائحة غاز في المختبر", "رائحة غاز قوية في مختبر الكيمياء.", "0557778801", "RIY-S1");
        var second = await SubmitAsync("تسرب غاز", "تسرب غاز من أسطوانة المقصف.", "0557778802", "RIY-S2");
        using var scope = fixture.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
        async Task<List<string>> FindAsync(int cap) =>
            await (await new RequestSearch(db, Options.Create(new RequestsOptions { SearchRareCap = cap })).MatchingAsync(SearchText.QueryTerms("الغاز"), CancellationToken.None))
                .OrderByDescending(r => r.Id).Select(r => r.Number).Take(50).ToListAsync();
        // With a cap of 1 the word counts as frequent (PostgreSQL's newest-first walk); with the default, as rare.
        var frequent = await FindAsync(1);
        var rare = await FindAsync(2000);
        Assert.Equal(rare, frequent);
        Assert.Equal([second, first], rare.Where(n => n == first || n == second));
    }

    [SkippableFact]
    public async Task Words_match_whole_words_through_the_full_text_index_with_article_and_punctuation_ignored()
    {
        fixture.Require();
        var number = await SubmitAsync("تسرب بالمدرسة،والفصول", "نافذة الكلاس مكسورة؛ الطلاب في خطر (الطابق الثاني).", "0557778800", "RIY-S1");

        // The article with its preposition, punctuation glued to words, Persian keheh and yeh: all meet.
        Assert.Contains(number, await SearchAsync("coordinator", "مدرسه"), StringComparison.Ordinal);
        Assert.Contains(number, await SearchAsync("coordinator", "المدرسة الفصول"), StringComparison.Ordinal);
        Assert.Contains(number, await SearchAsync("coordinator", "کلاس طابق"), StringComparison.Ordinal);
        Assert.Contains(number, await SearchAsync("coordinator", "خطر"), StringComparison.Ordinal);
        // Whole words, not fragments; and query syntax is only text.
        Assert.DoesNotContain(number, await SearchAsync("coordinator", "سرب"), StringComparison.Ordinal);
        Assert.DoesNotContain(number, await SearchAsync("coordinator", "خطر OR NOT كهرباء*"), StringComparison.Ordinal);
        Assert.Contains(number, await SearchAsync("coordinator", "\"خطر\" (تسرب)"), StringComparison.Ordinal);
    }
}

public sealed class RequestSearchTestsOnSqlite(SqliteAppFixture f) : RequestSearchTests(f), IClassFixture<SqliteAppFixture>;

public sealed class RequestSearchTestsOnPostgres(PostgresAppFixture f) : RequestSearchTests(f), IClassFixture<PostgresAppFixture>;
