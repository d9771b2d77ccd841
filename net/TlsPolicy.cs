using System;
using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace NanoPhone.Net;

/// <summary>
/// What a SIP server's TLS certificate must be (RFC 3261 §26.3.1, RFC 5922 §7): signed by the CA
/// of tls.ca (a PEM file; without one, by a CA the system trusts), valid now, and issued for the
/// name the phone connects to (sip.server's host name, or its IP address). The client certificate
/// of tls.cert (certificate and key in one PEM file) is offered when the server asks. A refusal is
/// one line saying why ("certificate of 127.0.0.1 refused: issued for another name"), read by the
/// connection that failed.
/// </summary>
public sealed class TlsPolicy
{
    private readonly X509Certificate2Collection? _ca;
    private readonly X509Certificate2? _client;
    private readonly ConcurrentDictionary<string, string> _refusals = new();

    /// <param name="caFile">PEM file of the trusted CA(s), or null for the system's.</param>
    /// <param name="clientFile">PEM file with our certificate and its key, or null.</param>
    public TlsPolicy(string? caFile, string? clientFile)
    {
        if (caFile != null)
        {
            _ca = new X509Certificate2Collection();
            _ca.ImportFromPemFile(caFile);
            if (_ca.Count == 0) throw new CryptographicException(caFile + " holds no certificate");
        }
        if (clientFile != null) _client = X509Certificate2.CreateFromPemFile(clientFile, clientFile);
    }

    /// <summary>A policy that refuses every certificate (the configured CA file could not be read: nothing goes in clear instead).</summary>
    public static TlsPolicy RefuseAll => new TlsPolicy(null, null) { _refuseAll = true };

    private bool _refuseAll;

    /// <summary>A policy from the settings' file names; null and why when a file cannot be read.</summary>
    public static TlsPolicy? Load(string? caFile, string? clientFile, out string? error)
    {
        error = null;
        try
        {
            return new TlsPolicy(caFile, clientFile);
        }
        catch (Exception e) when (e is CryptographicException || e is System.IO.IOException || e is UnauthorizedAccessException)
        {
            error = (caFile != null ? "tls.ca " + caFile : "") + (clientFile != null ? " tls.cert " + clientFile : "") + ": " + e.Message;
            return null;
        }
    }

    /// <summary>The handshake's options: SNI and the name to check, TLS 1.2 or 1.3, our certificate if any.</summary>
    public SslClientAuthenticationOptions Options(string serverName)
    {
        var o = new SslClientAuthenticationOptions
        {
            TargetHost = serverName,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };
        if (_client != null) o.ClientCertificates = new X509CertificateCollection { _client };
        return o;
    }

    /// <summary>The check for a connection to serverName; a refusal's reason is kept for <see cref="TakeRefusal"/>.</summary>
    public RemoteCertificateValidationCallback Validate(string serverName)
    {
        return (sender, certificate, chain, errors) =>
        {
            string? why = Check(serverName, certificate, chain, errors);
            if (why == null) return true;
            _refusals[serverName] = "certificate of " + serverName + " refused: " + why + "; nothing sent";
            return false;
        };
    }

    /// <summary>Why the last handshake with serverName refused the certificate, once; null if it did not.</summary>
    public string? TakeRefusal(string serverName)
    {
        return _refusals.TryRemove(serverName, out string? why) ? why : null;
    }

    private string? Check(string serverName, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (_refuseAll) return "tls.ca or tls.cert could not be read";
        if (certificate == null) return "the server sent none";
        using var cert = new X509Certificate2(certificate);
        if (cert.NotAfter.ToUniversalTime() < DateTime.UtcNow) return "expired on " + cert.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd HH:mm") + " UTC";
        if (cert.NotBefore.ToUniversalTime() > DateTime.UtcNow) return "not valid before " + cert.NotBefore.ToUniversalTime().ToString("yyyy-MM-dd HH:mm") + " UTC";
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return "issued for another name than " + serverName + " (" + cert.Subject + ")";
        if (_ca == null)
        {
            if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0) return "not signed by a CA this computer trusts (set tls.ca)";
            return null;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented != null)
        {
            foreach (X509ChainElement e in presented.ChainElements) chain.ChainPolicy.ExtraStore.Add(e.Certificate);
        }
        if (chain.Build(cert)) return null;
        foreach (X509ChainStatus s in chain.ChainStatus)
        {
            if (s.Status == X509ChainStatusFlags.NotTimeValid) return "a certificate of its chain is expired or not yet valid";
        }
        return "not signed by the CA of tls.ca (" + cert.Issuer + ")";
    }
}
