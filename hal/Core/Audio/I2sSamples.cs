namespace NanoPhone.Hal
{
    /// <summary>
    /// 8 kHz 16-bit mono frames to and from the bytes of an I2S bus with two 32-bit slots a frame
    /// (64 BCLK a frame, as an INMP441 microphone and a MAX98357A amplifier take it). No allocation.
    /// </summary>
    /// <remarks>
    /// In: the reading device's 16-bit stereo view of the slots, 4 bytes a frame, each channel the top
    /// 16 bits of its slot, little-endian. The microphone drives one slot (its L/R pin) and leaves the
    /// other tri-stated and pulled down, so the two channels are summed: the idle one adds 0 (or −1 on a
    /// line held high), whichever slot the microphone was wired to.
    /// Out: 8 bytes a frame, two little-endian 32-bit slots, each the sample in its top 16 bits (the
    /// amplifier plays left, right or their mean by its SD_MODE: all the same here).
    /// </remarks>
    public static class I2sSamples
    {
        public const int InBytesPerFrame = 4;

        public const int OutBytesPerFrame = 8;

        /// <summary>Microphone bytes to <paramref name="count"/> samples, shifted up by
        /// <paramref name="shift"/> bits and saturated to 16 bits.</summary>
        public static void ToSamples(byte[] i2s, short[] samples, int count, int shift)
        {
            int b = 0;
            for (int i = 0; i < count; i++)
            {
                int left = (short)(i2s[b] | (i2s[b + 1] << 8));
                int right = (short)(i2s[b + 2] | (i2s[b + 3] << 8));
                int s = (left + right) << shift;
                if (s > 32767)
                {
                    s = 32767;
                }
                else if (s < -32768)
                {
                    s = -32768;
                }

                samples[i] = (short)s;
                b += InBytesPerFrame;
            }
        }

        /// <summary><paramref name="count"/> samples, multiplied by <paramref name="gainQ12"/>/4096 and
        /// saturated, to amplifier bytes; gain 0 writes silence. The low half of each slot is left as it
        /// is (zero in a buffer only this method writes).</summary>
        public static void FromSamples(short[] samples, int count, int gainQ12, byte[] i2s)
        {
            int b = 0;
            for (int i = 0; i < count; i++)
            {
                int s = (samples[i] * gainQ12) >> 12;
                if (s > 32767)
                {
                    s = 32767;
                }
                else if (s < -32768)
                {
                    s = -32768;
                }

                byte low = (byte)s;
                byte high = (byte)(s >> 8);
                i2s[b + 2] = low;
                i2s[b + 3] = high;
                i2s[b + 6] = low;
                i2s[b + 7] = high;
                b += OutBytesPerFrame;
            }
        }
    }
}
