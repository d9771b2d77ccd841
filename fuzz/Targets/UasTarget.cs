#nullable disable
using System.Collections.Generic;
using NanoPhone.Sip.Agent;
using NanoPhone.Sip.Context;
using NanoPhone.Sip.Call;
using NanoPhone.Sip.Message;
using NanoPhone.Sip.Registration;
using NanoPhone.Sip.Timing;
using NanoPhone.Sip.Transport;

namespace NanoPhone.Fuzz;

public sealed class UasTarget : FuzzTarget
{
    internal static readonly byte[] Marker = { 0, 0, 0, 0 };
    private readonly SipParser _parser = new SipParser();
    private readonly SipMessage _out = new SipMessage();

    public override string Name { get { return "uas"; } }
    public override string Description { get { return "datagrams (split at 00 00 00 00, first byte = user action and time step): UserAgent.Receive/Tick"; } }

    public override List<Seed> Seeds(string dataDir)
    {
        var seeds = new List<Seed>();
        foreach (Seed s in SeedData.Messages(dataDir))
        {
            byte[] b = new byte[s.Data.Length + 1];
            System.Buffer.BlockCopy(s.Data, 0, b, 1, s.Data.Length);
            b[0] = (byte)((10 << 2) | 1);
            seeds.Add(new Seed(s.Name, b));
        }
        return seeds;
    }

    private sealed class Sink : IDatagramSender, IAgentEvents
    {
        public UasTarget Owner;
        public int Sent;
        public bool Send(byte[] buf, int off, int len, Endpoint to)
        {
            Sent++;
            Owner.CheckSent(buf, off, len);
            return true;
        }
        public void OnRegistration(RegistrationState state, string contact, int expires, string detail) { }
        public void OnCall(CallEvent e) { }
    }

    internal void CheckSent(byte[] buf, int off, int len)
    {
        byte[] copy = new byte[len];
        System.Buffer.BlockCopy(buf, off, copy, 0, len);
        ParseStatus st = _parser.Parse(copy, 0, len, _out);
        if (st == ParseStatus.KeepAlive) return;
        string head = System.Text.Encoding.ASCII.GetString(copy, 0, System.Math.Min(12, len));
        if (st != ParseStatus.Ok && (head == "SIP/2.0 400 " || head == "SIP/2.0 505 ")) return; // copies a malformed request's headers
        Check(st == ParseStatus.Ok || (st == ParseStatus.BadHeader && _out.Error == "too many header lines"),
            "we sent a datagram that does not parse: " + st + " " + _out.Error + "\n" + System.Text.Encoding.ASCII.GetString(copy));
    }

    public override void Run(byte[] data)
    {
        var settings = new AgentSettings { User = "alice", Domain = "example.com", Password = "s3cr3t" };
        settings.Server.SetIPv4(192, 0, 2, 10, 5060);
        var clock = new ManualClock(1000);
        var sink = new Sink { Owner = this };
        var local = new Endpoint();
        local.SetIPv4(192, 0, 2, 4, 5060);
        var ua = new UserAgent(settings, clock, sink, sink, new Randomness(7), local, 8);
        var source = new Endpoint();
        source.SetIPv4(192, 0, 2, 20, 5060);
        int p = 0;
        while (p < data.Length)
        {
            int next = IndexOf(data, p);
            int end = next < 0 ? data.Length : next;
            byte action = data[p];
            int len = end - p - 1;
            if (len > 0)
            {
                byte[] dgram = new byte[len];
                System.Buffer.BlockCopy(data, p + 1, dgram, 0, len);
                ua.Receive(dgram, 0, len, source);
            }
            SipCall call = ua.Calls.Current;
            if (call != null)
            {
                switch (action & 3)
                {
                    case 1: ua.Calls.Answer(call.Number); break;
                    case 2: ua.Calls.Reject(call.Number); break;
                    case 3: ua.Calls.HangUp(call.Number); break;
                }
            }
            clock.Advance(100L * (action >> 2));
            ua.Tick();
            p = next < 0 ? data.Length : next + Marker.Length;
        }
        for (int i = 0; i < 70 && ua.NextDueMs != TimerQueue.Never; i++)
        {
            clock.Advance(1000);
            ua.Tick();
        }
    }

    private static int IndexOf(byte[] b, int from)
    {
        for (int i = from; i + 3 < b.Length; i++)
            if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 0 && b[i + 3] == 0) return i;
        return -1;
    }
}
