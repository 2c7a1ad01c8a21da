using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Wasl.Web.Platform.Data;

namespace Wasl.Web.Platform.Security;

/// <summary>The data-protection key ring's settings (configuration section "DataProtection").</summary>
internal sealed class KeyRingOptions
{
    public const string Section = "DataProtection";

    /// <summary>The certificate (with its private key) that encrypts the keys at rest; none: the keys are stored as plain XML.</summary>
    public KeyRingCertificateOptions Certificate { get; set; } = new();
}

/// <summary>A PKCS#12 file (Path and Password) or a certificate in the current user's "My" store (Thumbprint).</summary>
internal sealed class KeyRingCertificateOptions
{
    public string? Path { get; set; }

    public string? Password { get; set; }

    public string? Thumbprint { get; set; }
}

internal static class KeyRing
{
    /// <summary>
    /// The key ring lives in the database (Microsoft.AspNetCore.DataProtection.EntityFrameworkCore, in the table
    /// "DataProtectionKeys"), so several nodes accept each other's cookies and anti-forgery tokens; with a configured
    /// certificate every new key is encrypted with it before it is written (docs/adr/0011). Keys written before a
    /// certificate was configured stay readable; keys written with one need that certificate to be read.
    /// </summary>
    public static void AddKeyRing(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(KeyRingOptions.Section).Get<KeyRingOptions>() ?? new KeyRingOptions();
        var protection = builder.Services.AddDataProtection().SetApplicationName("Wasl").PersistKeysToDbContext<WaslDbContext>();
        var certificate = Load(options.Certificate, builder.Environment.ContentRootPath);
        if (certificate is not null) protection.ProtectKeysWithCertificate(certificate);
        builder.Services.AddHostedService(sp => new KeyRingCheck(certificate is not null, sp.GetRequiredService<IWebHostEnvironment>(), sp.GetRequiredService<ILogger<KeyRingCheck>>()));
    }

    /// <summary>The configured certificate, or null when none is configured; a configured one that cannot be used stops the start with the key to fix.</summary>
    internal static X509Certificate2? Load(KeyRingCertificateOptions options, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(options.Path) && !string.IsNullOrWhiteSpace(options.Thumbprint))
            throw new InvalidOperationException("DataProtection:Certificate: set Path (and Password) or Thumbprint, not both.");
        X509Certificate2 certificate;
        if (!string.IsNullOrWhiteSpace(options.Path))
        {
            var path = System.IO.Path.GetFullPath(options.Path, contentRoot);
            try
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(path, options.Password, X509KeyStorageFlags.EphemeralKeySet);
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"DataProtection:Certificate:Path: the certificate {path} could not be read (is DataProtection:Certificate:Password right?): {e.Message}", e);
            }
        }
        else if (!string.IsNullOrWhiteSpace(options.Thumbprint))
        {
            using var store = new X509Store(StoreName.My, StoreLocation.CurrentUser);
            store.Open(OpenFlags.ReadOnly);
            var found = store.Certificates.Find(X509FindType.FindByThumbprint, options.Thumbprint.Replace(" ", "", StringComparison.Ordinal), validOnly: false);
            certificate = found.Count == 1 ? found[0]
                : throw new InvalidOperationException($"DataProtection:Certificate:Thumbprint: no certificate {options.Thumbprint} in the current user's My store.");
        }
        else
        {
            return null;
        }
        if (!certificate.HasPrivateKey || certificate.GetRSAPrivateKey() is null)
            throw new InvalidOperationException("DataProtection:Certificate: the certificate needs an RSA private key (the keys are encrypted to it and read back with it).");
        return certificate;
    }

    /// <summary>Says once at start, outside Development, that the key ring is stored unencrypted.</summary>
    private sealed class KeyRingCheck(bool protectedAtRest, IWebHostEnvironment environment, ILogger<KeyRingCheck> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (!protectedAtRest && !environment.IsDevelopment())
                logger.LogWarning("The data-protection keys are stored in the database without encryption: set DataProtection:Certificate:Path and :Password (or :Thumbprint) to protect them at rest");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
