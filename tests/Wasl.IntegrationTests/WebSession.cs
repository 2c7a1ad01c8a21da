using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Wasl.Tests;

/// <summary>
/// A person with a browser that has no JavaScript: follows links, reads forms, keeps cookies, and solves the bot
/// challenge the way the widget does (fetches a challenge and searches for the number).
/// </summary>
public sealed class WebSession(HttpClient client, CookieContainer jar)
{
    private static readonly HtmlParser Parser = new();

    public HttpClient Client => client;

    /// <summary>The browser's cookies; pass them to another node to play "the load balancer sent me elsewhere".</summary>
    public CookieContainer Jar => jar;

    public static WebSession Start(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app, CookieContainer? jar = null)
    {
        jar ??= new CookieContainer();
        var client = app.CreateDefaultClient(new Uri("http://localhost"), new CookieJarHandler(jar));
        return new WebSession(client, jar);
    }

    private sealed class CookieJarHandler(CookieContainer jar) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var header = jar.GetCookieHeader(request.RequestUri!);
            if (header.Length > 0) request.Headers.Add("Cookie", header);
            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
                foreach (var cookie in cookies) jar.SetCookies(request.RequestUri!, cookie);
            return response;
        }
    }

    public async Task<(HttpResponseMessage Response, IHtmlDocument Document)> GetAsync(string url)
    {
        var response = await client.GetAsync(url);
        return (response, Parser.ParseDocument(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>Follows redirects (GET) and returns the final page.</summary>
    public async Task<(HttpResponseMessage Response, IHtmlDocument Document)> FollowAsync(HttpResponseMessage response)
    {
        for (var i = 0; i < 10 && response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther; i++)
            response = await client.GetAsync(response.Headers.Location);
        return (response, Parser.ParseDocument(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>
    /// Loads the page, fills the form (the first one matching <paramref name="formSelector"/>), solves the bot
    /// challenge when the form has one, and submits it. Returns the raw response (redirects are not followed).
    /// </summary>
    public async Task<HttpResponseMessage> SubmitAsync(string pageUrl, IDictionary<string, string> fields, string formSelector = "main form", bool solveChallenge = true, string? action = null, IReadOnlyList<UploadFile>? files = null)
    {
        var (_, doc) = await GetAsync(pageUrl);
        return await SubmitAsync(doc, pageUrl, fields, formSelector, solveChallenge, action, files);
    }

    /// <summary>
    /// Submits as a browser does: url-encoded, or multipart when the form says enctype="multipart/form-data" — then
    /// every file input sends the chosen <paramref name="files"/> (matched by field name) or, when none was chosen, the
    /// empty nameless part a browser sends.
    /// </summary>
    public async Task<HttpResponseMessage> SubmitAsync(IHtmlDocument doc, string pageUrl, IDictionary<string, string> fields, string formSelector = "main form", bool solveChallenge = true, string? action = null, IReadOnlyList<UploadFile>? files = null)
    {
        var form = doc.QuerySelectorAll(formSelector).OfType<IHtmlFormElement>().FirstOrDefault()
            ?? throw new InvalidOperationException($"No form '{formSelector}' on {pageUrl}");
        // What a browser would send: every named control with its current value, then what the test typed over it.
        var values = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name) && !fields.ContainsKey(input.Name):
                    if (input.Type is "submit" or "button" or "image" or "reset" or "file") break;
                    if (input.Type is "radio" or "checkbox" && !input.IsChecked) break;
                    values.Add(new(input.Name, input.Value));
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name) && !fields.ContainsKey(select.Name):
                    values.Add(new(select.Name, select.Value ?? ""));
                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name) && !fields.ContainsKey(area.Name):
                    values.Add(new(area.Name, area.Value));
                    break;
            }
        }
        values.AddRange(fields);
        if (solveChallenge && form.QuerySelector("altcha-widget") is not null)
            values.Add(new("altcha", await SolveChallengeAsync()));
        var target = action ?? (string.IsNullOrEmpty(form.GetAttribute("action")) ? pageUrl : form.GetAttribute("action")!);
        if (!string.Equals(form.GetAttribute("enctype"), "multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            if (files is { Count: > 0 }) throw new InvalidOperationException($"The form '{formSelector}' on {pageUrl} does not take files");
            return await client.PostAsync(target, new FormUrlEncodedContent(values));
        }
        using var body = new MultipartFormDataContent();
        foreach (var (name, value) in values) body.Add(new StringContent(value), name);
        var inputs = form.Elements.OfType<IHtmlInputElement>().Where(i => i.Type == "file" && !string.IsNullOrEmpty(i.Name)).Select(i => i.Name!).ToList();
        foreach (var file in files ?? [])
        {
            if (!inputs.Contains(file.Field)) throw new InvalidOperationException($"No file input '{file.Field}' in '{formSelector}' on {pageUrl}");
            var part = new ByteArrayContent(file.Content);
            part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(file.ContentType);
            body.Add(part, file.Field, file.FileName);
        }
        foreach (var input in inputs.Where(i => files?.Any(f => f.Field == i) != true))
        {
            var empty = new ByteArrayContent([]);
            empty.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
            empty.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("form-data") { Name = $"\"{input}\"", FileName = "\"\"" };
            body.Add(empty);
        }
        return await client.PostAsync(target, body);
    }

    public async Task<string> SolveChallengeAsync()
    {
        var json = await client.GetStringAsync("/altcha/challenge");
        using var challenge = JsonDocument.Parse(json);
        var root = challenge.RootElement;
        var salt = root.GetProperty("salt").GetString()!;
        var target = root.GetProperty("challenge").GetString()!;
        var max = root.GetProperty("maxnumber").GetInt32();
        for (var n = 0; n <= max; n++)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(salt + n)));
            if (hash == target)
            {
                var payload = JsonSerializer.Serialize(new
                {
                    algorithm = "SHA-256",
                    challenge = target,
                    number = n,
                    salt,
                    signature = root.GetProperty("signature").GetString(),
                    took = 1,
                });
                return Convert.ToBase64String(Encoding.UTF8.GetBytes(payload));
            }
        }
        throw new InvalidOperationException("Challenge has no solution");
    }

    public async Task<HttpResponseMessage> SignInAsync(string login, string password, bool staff = true)
    {
        var url = staff ? "/staff/sign-in" : "/account/sign-in";
        return await SubmitAsync(url, new Dictionary<string, string> { ["Input.Login"] = login, ["Input.Password"] = password });
    }

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) =>
        Parser.ParseDocument(await response.Content.ReadAsStringAsync());
}

/// <summary>A file a test chooses in a form's file input; the content type is what the browser claims, which the server ignores.</summary>
public sealed record UploadFile(string Field, string FileName, byte[] Content, string ContentType = "application/octet-stream");
