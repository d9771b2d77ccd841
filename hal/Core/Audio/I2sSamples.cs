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
        /// <paramref name="shift"/> bits and saturated to 16 bits. Two frames a turn: an interpreter
        /// pays for every loop test and index step.</summary>
        public static void ToSamples(byte[] i2s, short[] samples, int count, int shift)
        {
            int b = 0;
            int i = 0;
            int pairs = count & ~1;
            while (i < pairs)
            {
                int s = ((short)(i2s[b] | (i2s[b + 1] << 8)) + (short)(i2s[b + 2] | (i2s[b + 3] << 8))) << shift;
                int t = ((short)(i2s[b + 4] | (i2s[b + 5] << 8)) + (short)(i2s[b + 6] | (i2s[b + 7] << 8))) << shift;
                samples[i] = s > 32767 ? (short)32767 : s < -32768 ? (short)-32768 : (short)s;
                samples[i + 1] = t > 32767 ? (short)32767 : t < -32768 ? (short)-32768 : (short)t;
                b += 2 * InBytesPerFrame;
                i += 2;
            }

            if (i < count)
            {
                int s = ((short)(i2s[b] | (i2s[b + 1] << 8)) + (short)(i2s[b + 2] | (i2s[b + 3] << 8))) << shift;
                samples[i] = s > 32767 ? (short)32767 : s < -32768 ? (short)-32768 : (short)s;
            }
        }

        /// <summary><paramref name="count"/> samples, multiplied by <paramref name="gainQ12"/>/4096 (taken
        /// within 0..4096, so no sample can overflow) to amplifier bytes; gain 0 writes silence. The low
        /// half of each slot is left as it is (zero in a buffer only this method writes).</summary>
        public static void FromSamples(short[] samples, int count, int gainQ12, byte[] i2s)
        {
            int gain = gainQ12 < 0 ? 0 : gainQ12 > 4096 ? 4096 : gainQ12;
            int b = 0;
            int i = 0;
            int pairs = count & ~1;
            while (i < pairs)
            {
                int s = (samples[i] * gain) >> 12;
                int t = (samples[i + 1] * gain) >> 12;
                i2s[b + 2] = (byte)s;
                i2s[b + 3] = (byte)(s >> 8);
                i2s[b + 6] = (byte)s;
                i2s[b + 7] = (byte)(s >> 8);
                i2s[b + 10] = (byte)t;
                i2s[b + 11] = (byte)(t >> 8);
                i2s[b + 14] = (byte)t;
                i2s[b + 15] = (byte)(t >> 8);
                b += 2 * OutBytesPerFrame;
                i += 2;
            }

            if (i < count)
            {
                int s = (samples[i] * gain) >> 12;
                i2s[b + 2] = (byte)s;
                i2s[b + 3] = (byte)(s >> 8);
                i2s[b + 6] = (byte)s;
                i2s[b + 7] = (byte)(s >> 8);
            }
        }
    }
}
