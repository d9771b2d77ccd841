using System;
using System.Device.Gpio;
using System.Device.I2s;
using nanoFramework.Hardware.Esp32;
using NanoPhone.App.Phone;
using NanoPhone.Boards;
using NanoPhone.Hal;

namespace NanoPhone.Device.Audio;

/// <summary>
/// The handset's audio over the board's I2S bus: an INMP441-class microphone and a MAX98357A-class
/// amplifier sharing BCLK and WS, the chip the bus master, 8 kHz with two 32-bit slots a frame
/// (BCLK 512 kHz). The INMP441 runs down to 7.8 kHz and filters to 0.423 fs itself (3.4 kHz at
/// 8 kHz), so no resampling is done here; the MAX98357A takes 8 kHz.
/// </summary>
/// <remarks>
/// nanoFramework's I2sDevice is one direction of one bus: the first device opened on a bus installs the
/// bus's driver with its settings, and each device routes only its own data pin. So the amplifier's
/// device opens the bus full duplex (master, TX and RX; 32-bit slots, the width of its writes) and
/// routes data out; the microphone's device then finds the bus installed and routes data in, and reads
/// the top 16 bits of each slot. Both run on the one BCLK, so the microphone's clock is the media clock:
/// <see cref="ReadFrame"/> waits for 20 ms of capture, and a frame written for each frame read keeps the
/// amplifier's queue where it is. The DMA holds 2 × 256 frames each way (64 ms); with nothing written it
/// plays silence. The conversions and levels are hal's <see cref="I2sSamples"/> and <see cref="AudioLevels"/>.
/// A read or write the driver refuses (it throws) is one AUDIO error line, then counted in
/// <see cref="Errors"/>; the frame is silence, and a failed read returns false so the app's frames
/// fall back to the loop clock. Garbage: I2sDevice.Read and Write take a SpanByte by value, a ref
/// struct that cannot be kept in a field, and the interpreter copies a value-type argument onto the
/// heap at each call even when the span is a long-lived local (48 bytes a call on the 32-bit nanoCLR):
/// 96 bytes a frame that this API leaves no way to avoid.
/// </remarks>
public sealed class I2sAudioFrames : IAudioFrames
{
    public const int SampleRate = 8000;

    public const int Samples = 160;

    /// <summary>nanoFramework's bus ids count from 1: bus 1 is the chip's I2S0.</summary>
    public const int Bus = 1;

    /// <summary>DMA bytes each way: 2 descriptors of 256 frames of 8 bytes.</summary>
    public const int DmaBytes = 2 * 256 * 8;

    private readonly I2sDevice _speaker;
    private readonly I2sDevice _microphone;
    private readonly GpioPin _amplifierEnable;
    private readonly AudioLevels _levels = new AudioLevels();
    private readonly byte[] _in = new byte[Samples * I2sSamples.InBytesPerFrame];
    private readonly byte[] _out = new byte[Samples * I2sSamples.OutBytesPerFrame];
    private bool _failed;

    private I2sAudioFrames(I2sDevice speaker, I2sDevice microphone, GpioPin amplifierEnable)
    {
        _speaker = speaker;
        _microphone = microphone;
        _amplifierEnable = amplifierEnable;
    }

    /// <summary>The board's audio, route off; null when the board has none (no error) or when the
    /// bus or a pin cannot be opened (then <paramref name="error"/> says why).</summary>
    public static I2sAudioFrames Open(BoardPins board, GpioController gpio, out string error)
    {
        error = null;
        if (!board.HasAudio) return null;
        try
        {
            Configuration.SetPinFunction(board.I2sBitClockPin, DeviceFunction.I2S1_BCK);
            Configuration.SetPinFunction(board.I2sWordSelectPin, DeviceFunction.I2S1_WS);
            Configuration.SetPinFunction(board.I2sDataOutPin, DeviceFunction.I2S1_DATA_OUT);
            Configuration.SetPinFunction(board.I2sDataInPin, DeviceFunction.I2S1_MDATA_IN);
            I2sDevice speaker = new I2sDevice(Settings(I2sMode.Master | I2sMode.Tx | I2sMode.Rx, I2sBitsPerSample.Bit32));
            I2sDevice microphone = new I2sDevice(Settings(I2sMode.Master | I2sMode.Rx, I2sBitsPerSample.Bit16));
            GpioPin enable = null;
            if (board.AmplifierEnablePin != BoardPins.NotFitted)
            {
                enable = gpio.OpenPin(board.AmplifierEnablePin, PinMode.Output);
                enable.Write(PinValue.Low);
            }
            return new I2sAudioFrames(speaker, microphone, enable);
        }
        catch (Exception e)
        {
            error = "audio: " + board.Id + ": " + e.Message;
            return null;
        }
    }

    private static I2sConnectionSettings Settings(I2sMode mode, I2sBitsPerSample bits)
    {
        I2sConnectionSettings settings = new I2sConnectionSettings(Bus);
        settings.Mode = mode;
        settings.SampleRate = SampleRate;
        settings.BitsPerSample = bits;
        settings.ChannelFormat = I2sChannelFormat.RightLeft;
        settings.CommunicationFormat = I2sCommunicationFormat.I2S;
        settings.BufferSize = DmaBytes;
        return settings;
    }

    public int FrameSamples
    {
        get { return Samples; }
    }

    /// <summary>Where the AUDIO error line goes (the app's event sink); null drops it.</summary>
    public IPhoneEventSink Events;

    /// <summary>Reads and writes the driver refused.</summary>
    public int Errors { get; private set; }

    /// <summary>Waits for the next 20 ms from the microphone (the I2S read), at the route's gain.</summary>
    public bool ReadFrame(short[] microphone)
    {
        if (_levels.Route == AudioRoute.Off) return false;
        try
        {
            _microphone.Read(new SpanByte(_in));
        }
        catch (Exception e)
        {
            Failed("read", e);
            return false;
        }
        I2sSamples.ToSamples(_in, microphone, Samples, _levels.MicrophoneShift);
        return true;
    }

    /// <summary>Queues 20 ms for the amplifier at the route's volume; nothing while the route is off.</summary>
    public void WriteFrame(short[] speaker)
    {
        if (_levels.Route == AudioRoute.Off) return;
        I2sSamples.FromSamples(speaker, Samples, _levels.PlayGainQ12, _out);
        try
        {
            _speaker.Write(new SpanByte(_out));
        }
        catch (Exception e)
        {
            Failed("write", e);
        }
    }

    private void Failed(string what, Exception e)
    {
        Errors++;
        if (_failed) return;
        _failed = true;
        IPhoneEventSink events = Events;
        if (events != null) events.PhoneEvent("AUDIO error I2S " + what + " failed: " + e.GetType().Name + " " + e.Message + " (later errors counted, not said)");
    }

    /// <summary>Off shuts the amplifier down (when its enable pin is wired); a route turns it on.</summary>
    public AudioRoute Route
    {
        get { return _levels.Route; }
        set
        {
            _levels.Route = value;
            if (_amplifierEnable != null) _amplifierEnable.Write(value == AudioRoute.Off ? PinValue.Low : PinValue.High);
        }
    }

    public int Volume
    {
        get { return _levels.Volume; }
        set { _levels.Volume = value; }
    }

    public int MaxVolume
    {
        get { return AudioLevels.MaxVolume; }
    }
}
