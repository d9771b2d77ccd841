using System.Linq;
using NanoPhone.App.Tests.Phone;
using NanoPhone.Hal;
using NanoPhone.Sip.Transport;
using Xunit;

namespace NanoPhone.App.Tests.Audio;

/// <summary>
/// On a board the microphone's clock is the media clock (issue: "the I2S read paces the sending"):
/// with <c>AudioPacedByMicrophone</c> each loop turn runs one 20 ms frame whose read waits for the
/// capture. Scenarios, in an answered call:
///  1. a microphone 5 % slow against the loop clock: one RTP packet per microphone frame (not per 20 ms of loop clock);
///  2. a microphone whose frames are already waiting: one packet per read, the loop clock standing still;
///  3. a read that fails at once: the frames fall back to the loop clock (20 ms apart), the loop does not spin sending;
///  4. without the setting, frames follow the loop clock whatever the reads do (the simulator's way).
/// </summary>
public class MicrophonePacingTests
{
    private readonly FakeMediaSockets _sockets;
    private readonly PacedFrames _frames;
    private readonly PhoneRig _rig;
    private readonly CallerScript _caller = new();

    /// <summary>A microphone whose read takes readMs of the loop clock (the I2S wait), or fails.</summary>
    private sealed class PacedFrames : IAudioFrames
    {
        private readonly NanoPhone.Sip.Timing.ManualClock _clock;
        public PacedFrames(NanoPhone.Sip.Timing.ManualClock clock) { _clock = clock; }
        public int ReadMs = 20;
        public bool Fails;
        public int Reads;
        public int FrameSamples => 160;
        public AudioRoute Route { get; set; }
        public int Volume { get; set; }
        public int MaxVolume => 8;

        public bool ReadFrame(short[] microphone)
        {
            if (Route == AudioRoute.Off || Fails) return false;
            Reads++;
            _clock.Advance(ReadMs);
            return true;
        }

        public void WriteFrame(short[] speaker) { }
    }

    public MicrophonePacingTests()
    {
        FakeMediaSockets? sockets = null;
        _rig = new PhoneRig(mediaPorts: sockets = new FakeMediaSockets(() => _rig!.Clock.NowMs));
        _sockets = sockets;
        _frames = new PacedFrames(_rig.Clock);
        _rig.App.AudioFrames = _frames;
        _rig.App.AudioPacedByMicrophone = true;
        _rig.StartRegistered();
        _rig.Deliver(_caller.Invite());
        _rig.Hook(true);
        _rig.Deliver(_caller.InDialog("ACK", CallerScript.ToTagOf(_rig.Responses(180)[0]), 1, "z9hG4bKack1"));
        _rig.App.Poll();
    }

    /// <summary>The device's loop: a turn (timers), then the app's poll, whose frame read waits.</summary>
    private int Turns(int n)
    {
        int before = _sockets.Rtp.Count;
        for (int i = 0; i < n; i++)
        {
            _rig.App.Agent.Tick();
            _rig.App.Poll();
        }
        return _sockets.Rtp.Count - before;
    }

    [Fact]
    public void A_slow_microphone_sets_the_rate_one_packet_per_microphone_frame()
    {
        _frames.ReadMs = 21;
        long start = _rig.Clock.NowMs;
        int reads = _frames.Reads;
        int sent = Turns(100);
        Assert.Equal(100, _frames.Reads - reads);
        Assert.Equal(100, sent);
        Assert.Equal(2100, _rig.Clock.NowMs - start);   // by the loop clock that is 105 frames' time
    }

    [Fact]
    public void Frames_already_captured_go_out_one_a_read_while_the_loop_clock_stands_still()
    {
        _frames.ReadMs = 0;
        long start = _rig.Clock.NowMs;
        Assert.Equal(10, Turns(10));
        Assert.Equal(start, _rig.Clock.NowMs);
    }

    [Fact]
    public void A_failing_read_falls_back_to_the_loop_clock_instead_of_spinning()
    {
        _frames.Fails = true;
        Assert.True(Turns(50) <= 1, "a failing microphone made the loop send a frame every turn");
        int sent = 0;
        for (int t = 0; t < 1000; t += 5)
        {
            _rig.Clock.Advance(5);
            sent += Turns(1);
        }
        Assert.InRange(sent, 49, 51);
        Assert.True(_sockets.Rtp.Count > 0);
        Assert.All(_sockets.Rtp.Skip(_sockets.Rtp.Count - 10).Take(9).Zip(_sockets.Rtp.Skip(_sockets.Rtp.Count - 9)),
            p => Assert.Equal(20, p.Second.AtMs - p.First.AtMs));
    }

    [Fact]
    public void Without_microphone_pacing_frames_follow_the_loop_clock()
    {
        _rig.App.AudioPacedByMicrophone = false;
        _frames.ReadMs = 0;
        _rig.Clock.Advance(100);
        Turns(1);
        long start = _rig.Clock.NowMs;
        int readsBefore = _frames.Reads;
        Assert.Equal(0, Turns(10));          // the clock stands still: no frame is due
        int sent = 0;
        for (int i = 0; i < 10; i++)
        {
            _rig.Clock.Advance(20);
            sent += Turns(1);
        }
        Assert.Equal(10, sent);
        Assert.Equal(10, _frames.Reads - readsBefore);
        Assert.Equal(start + 200, _rig.Clock.NowMs);   // the reads took no time: the clock paced them
    }
}
