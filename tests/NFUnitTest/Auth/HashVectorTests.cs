using nanoFramework.TestFramework;
using NanoPhone.NFUnitTest.Support;
using NanoPhone.Sip.Auth;
using NanoPhone.Tests.Shared;

namespace NanoPhone.NFUnitTest.Auth
{
    /// <summary>
    /// sipua's MD5, SHA-256 and SHA-512/256 against the published vectors (tests/data/shared/Vectors,
    /// shared with tests/Sipua.Tests HashTests), and fed in pieces.
    /// </summary>
    [TestClass]
    public class HashVectorTests
    {
        internal static string Hex(IDigestHash h, byte[] data, int offset, int length)
        {
            h.Reset();
            h.Update(data, offset, length);
            byte[] d = new byte[h.Size];
            h.Final(d, 0);
            return Bytes.Hex(d, 0, d.Length);
        }

        internal static string Hex(IDigestHash h, string text)
        {
            byte[] b = Bytes.Of(text);
            return Hex(h, b, 0, b.Length);
        }

        [TestMethod]
        public void Md5_RFC_1321_A5_test_suite()
        {
            Md5 md5 = new Md5();
            for (int i = 0; i < HashVectors.Md5Input.Length; i++)
            {
                Assert.AreEqual(HashVectors.Md5Hex[i], Hex(md5, HashVectors.Md5Input[i]), "MD5(\"" + HashVectors.Md5Input[i] + "\")");
            }
        }

        [TestMethod]
        public void Sha256_FIPS_180_examples_including_a_million_a()
        {
            Sha256 sha = new Sha256();
            for (int i = 0; i < HashVectors.Sha256Input.Length; i++)
            {
                byte[] piece = Bytes.Of(HashVectors.Sha256Input[i]);
                int repeat = HashVectors.Sha256Repeat[i];
                // A long repetition goes in as 1000-copy chunks: no megabyte buffer on a small board.
                int perChunk = repeat >= 1000 && repeat % 1000 == 0 ? 1000 : 1;
                byte[] chunk = new byte[piece.Length * perChunk];
                for (int c = 0; c < perChunk; c++) System.Array.Copy(piece, 0, chunk, c * piece.Length, piece.Length);
                sha.Reset();
                for (int n = 0; n < repeat / perChunk; n++) sha.Update(chunk, 0, chunk.Length);
                byte[] d = new byte[32];
                sha.Final(d, 0);
                Assert.AreEqual(HashVectors.Sha256Hex[i], Bytes.Hex(d, 0, 32), "SHA-256 of \"" + HashVectors.Sha256Input[i] + "\" x " + repeat);
            }
        }

        [TestMethod]
        public void Sha512_256_FIPS_180_4_examples()
        {
            Sha512t256 sha = new Sha512t256();
            for (int i = 0; i < HashVectors.Sha512t256Input.Length; i++)
            {
                Assert.AreEqual(HashVectors.Sha512t256Hex[i], Hex(sha, HashVectors.Sha512t256Input[i]), "SHA-512/256(\"" + HashVectors.Sha512t256Input[i] + "\")");
            }
        }

        [DataRow("MD5")]
        [DataRow("SHA-256")]
        [DataRow("SHA-512-256")]
        public void Updates_split_at_every_offset_equal_one_shot(string algorithm)
        {
            byte[] name = Bytes.Of(algorithm);
            IDigestHash h = DigestAlgorithms.CreateHash(DigestAlgorithms.Parse(name, 0, name.Length));
            Assert.IsNotNull(h, algorithm);
            // 0..130 bytes cross one and two block boundaries of 64- and 128-byte blocks.
            byte[] data = new byte[130];
            uint x = 2463534242;
            for (int i = 0; i < data.Length; i++)
            {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                data[i] = (byte)x;
            }
            for (int len = 0; len <= data.Length; len += 13)
            {
                string oneShot = Hex(h, data, 0, len);
                for (int cut = 0; cut <= len; cut++)
                {
                    h.Update(data, 0, cut);
                    h.Update(data, cut, len - cut);
                    byte[] d = new byte[h.Size];
                    h.Final(d, 0);
                    Assert.AreEqual(oneShot, Bytes.Hex(d, 0, d.Length), algorithm + " length " + len + " cut at " + cut);
                }
            }
        }
    }
}
