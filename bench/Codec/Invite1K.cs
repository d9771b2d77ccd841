using System.Text;
using NanoPhone.Bench.Nano;

namespace NanoPhone.Bench.Codec;

/// <summary>A realistic ~1 KB INVITE through two proxies, with an SDP offer: the text the nanoFramework benchmark parses too (Nano/BenchMessages).</summary>
public static class Invite1K
{
    public static byte[] Build() => Encoding.ASCII.GetBytes(BenchMessages.Invite1K);
}
