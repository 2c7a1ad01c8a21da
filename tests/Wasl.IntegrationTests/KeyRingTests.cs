using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Demo;

namespace Wasl.Tests;

/// <summary>
/// The data-protection key ring through Microsoft.AspNetCore.DataProtection.EntityFrameworkCore (issue 12, point 9):
/// with a configured certificate the stored keys are encrypted and two nodes still read each other's cookies; keys
/// the hand-written repository stored before the switch are still read; a certificate that cannot be read stops the start.
/// </summary>
public sealed class KeyRingTests : IDisposable
{
    private const string Password = "key-ring-test";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "wasl-tests", "keyring-" + Guid.NewGuid().ToString("N"));

    public KeyRingTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    /// <summary>A self-signed RSA certificate with its private key, written as a password-protected PKCS#12 file.</summary>
    private string CertificateFile()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Wasl key ring (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(_folder, "keyring.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }

    private static async Task<List<DataProtectionKey>> KeysAsync(WaslAppFactory app)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<WaslDbContext>().DataProtectionKeys.AsNoTracking().ToListAsync();
    }

    [SkippableFact]
    public async Task Keys_are_stored_encrypted_with_the_certificate_and_two_nodes_read_each_others_cookies()
    {
        TestDatabases.RequirePostgres();
        var settings = new Dictionary<string, string?>
        {
            ["DataProtection:Certificate:Path"] = CertificateFile(),
            ["DataProtection:Certificate:Password"] = Password,
        };
        var connection = await TestDatabases.CreateAsync(DatabaseProvider.PostgreSQL, "key-ring");
        await using var a = new WaslAppFactory(DatabaseProvider.PostgreSQL, connection, settings: settings);
        await using var b = new WaslAppFactory(DatabaseProvider.PostgreSQL, connection, settings: settings);

        var onA = WebSession.Start(a);
        Assert.Equal(HttpStatusCode.Redirect, (await onA.SignInAsync("coordinator", DemoData.Password)).StatusCode);
        // The cookie node A wrote, carried to node B: B reads it with the key A stored, which B decrypts with the certificate.
        var onB = WebSession.Start(b, onA.Jar);
        var (response, page) = await onB.GetAsync("/staff");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(page.QuerySelector("form[action='/account/sign-out']"));

        var keys = await KeysAsync(a);
        Assert.NotEmpty(keys);
        Assert.All(keys, k =>
        {
            var xml = XElement.Parse(k.Xml!);
            Assert.Contains("EncryptedXmlDecryptor", k.Xml, StringComparison.Ordinal);
            Assert.Contains(xml.Descendants(), e => e.Name.LocalName == "EncryptedData");
            // The secret itself is nowhere in clear: the masterKey element (holding <value>) is replaced by the encrypted secret.
            Assert.DoesNotContain(xml.Descendants(), e => e.Name.LocalName == "masterKey");
        });
    }

    [Fact]
    public async Task Keys_stored_before_the_switch_still_read_what_they_protected()
    {
        // What the hand-written repository did: keep each key's XML, unformatted, in DataProtectionKeys. The same key
        // is made here by a provider of the same application name persisting to a folder, then stored as it stored it.
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "old-keys"));
        var old = DataProtectionProvider.Create(folder, o => o.SetApplicationName("Wasl"));
        var cookie = old.CreateProtector("upgrade-test").Protect("signed-in coordinator");
        var file = Assert.Single(folder.GetFiles("*.xml"));

        var connection = await TestDatabases.CreateAsync(DatabaseProvider.Sqlite, "key-ring-upgrade");
        await using var app = new WaslAppFactory(DatabaseProvider.Sqlite, connection);
        _ = app.Server;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
            db.DataProtectionKeys.Add(new DataProtectionKey
            {
                FriendlyName = Path.GetFileNameWithoutExtension(file.Name),
                Xml = XElement.Load(file.FullName).ToString(SaveOptions.DisableFormatting),
            });
            await db.SaveChangesAsync();
        }
        var now = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("upgrade-test");
        Assert.Equal("signed-in coordinator", now.Unprotect(cookie));
    }

    [Fact]
    public async Task A_certificate_that_cannot_be_read_stops_the_start_naming_the_setting()
    {
        var path = CertificateFile();
        var connection = await TestDatabases.CreateAsync(DatabaseProvider.Sqlite, "key-ring-bad");
        await using var app = new WaslAppFactory(DatabaseProvider.Sqlite, connection, settings: new Dictionary<string, string?>
        {
            ["DataProtection:Certificate:Path"] = path,
            ["DataProtection:Certificate:Password"] = "not the password",
        });
        var failure = Assert.ThrowsAny<Exception>(() => app.Server);
        var message = failure.ToString();
        Assert.Contains("DataProtection:Certificate:Path", message, StringComparison.Ordinal);
    }
}
