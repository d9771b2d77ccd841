// A test CA and server certificates made with the openssl command line (EC P-256), for the TLS
// interop tests: a good certificate for 127.0.0.1, one for another name, an expired one, and one
// from a CA the phone does not know.
#nullable enable

using System;
using System.Collections.Generic;
using System.IO;

namespace NanoPhone.Tests.Peers;

/// <summary>Files of one certificate: the certificate (PEM) and its private key (PEM).</summary>
public sealed record CertificateFiles(string Certificate, string Key);

/// <summary>
/// A CA (ca.crt) in a scratch folder and server certificates it signs, each with its own validity
/// and subjectAltName, made by openssl (req, ca). Bounded: every openssl run has a 20 s limit.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private readonly string _dir;
    private readonly bool _keep;
    private int _serial;

    public TestCertificates(string name = "test-ca", bool keepFiles = false)
    {
        _dir = PeerPaths.NewScratchDir("certs");
        _keep = keepFiles;
        Name = name;
        CaKey = Path.Combine(_dir, name + ".key");
        CaCertificate = Path.Combine(_dir, name + ".crt");
        OpenSsl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", CaKey, "-out", CaCertificate, "-days", "30", "-subj", "/CN=NanoPhone " + name,
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        File.WriteAllText(Path.Combine(_dir, "index.txt"), "");
        File.WriteAllText(Path.Combine(_dir, "ca.cnf"),
            "[ca]\ndefault_ca = test\n[test]\ndir = " + _dir + "\ndatabase = $dir/index.txt\nnew_certs_dir = $dir\nserial = $dir/serial\n" +
            "default_md = sha256\npolicy = any\nunique_subject = no\ncopy_extensions = none\n[any]\ncommonName = supplied\n");
    }

    public string Name { get; }
    public string CaCertificate { get; }
    public string CaKey { get; }
    public string Directory => _dir;

    /// <summary>
    /// A server certificate for commonName with the subjectAltName entries (e.g. "IP:127.0.0.1",
    /// "DNS:nanophone.test"), valid from notBefore to notAfter (UTC).
    /// </summary>
    public CertificateFiles Issue(string fileName, string commonName, IEnumerable<string> altNames, DateTime notBefore, DateTime notAfter)
    {
        string key = Path.Combine(_dir, fileName + ".key");
        string csr = Path.Combine(_dir, fileName + ".csr");
        string crt = Path.Combine(_dir, fileName + ".crt");
        string ext = Path.Combine(_dir, fileName + ".ext");
        File.WriteAllText(ext, "subjectAltName = " + string.Join(",", altNames) + "\nextendedKeyUsage = serverAuth\nbasicConstraints = CA:FALSE\n");
        OpenSsl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", csr,
            "-subj", "/CN=" + commonName);
        _serial++;
        File.WriteAllText(Path.Combine(_dir, "serial"), (0x1000 + _serial).ToString("X") + "\n");
        OpenSsl("ca", "-batch", "-notext", "-config", Path.Combine(_dir, "ca.cnf"), "-cert", CaCertificate, "-keyfile", CaKey,
            "-in", csr, "-out", crt, "-extfile", ext,
            "-startdate", notBefore.ToString("yyyyMMddHHmmss") + "Z", "-enddate", notAfter.ToString("yyyyMMddHHmmss") + "Z");
        return new CertificateFiles(crt, key);
    }

    /// <summary>A certificate valid from yesterday for 30 days.</summary>
    public CertificateFiles Issue(string fileName, string commonName, params string[] altNames) =>
        Issue(fileName, commonName, altNames, DateTime.UtcNow.AddDays(-1), DateTime.UtcNow.AddDays(30));

    private void OpenSsl(params string[] args)
    {
        var (code, stdout, stderr) = PeerProcess.RunTool("openssl", args, TimeSpan.FromSeconds(20));
        if (code != 0) throw new InvalidOperationException($"openssl {args[0]} failed ({code}): {stdout}{stderr}");
    }

    public void Dispose() => PeerPaths.DeleteScratchDir(_dir, _keep);
}
