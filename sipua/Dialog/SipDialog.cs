using NanoPhone.Sip.Message;
using NanoPhone.Sip.Text;

namespace NanoPhone.Sip.Dialog;

/// <summary>
/// A dialog (RFC 3261 §12): Call-ID, local and remote tags, URIs, remote target, route set and
/// CSeq numbers, kept in fixed-capacity fields so a pooled dialog allocates nothing when reused.
/// </summary>
public sealed class SipDialog
{
    public const int MaxRoutes = 4;

    public readonly ByteField CallId = new ByteField(128);
    public readonly ByteField LocalTag = new ByteField(64);
    public readonly ByteField RemoteTag = new ByteField(64);
    /// <summary>The From/To values as they stand in our requests: name-addr without the tag.</summary>
    public readonly ByteField LocalUri = new ByteField(256);
    public readonly ByteField RemoteUri = new ByteField(256);
    public readonly ByteField RemoteTarget = new ByteField(256);
    /// <summary>The route set; an entry's field is made the first time a dialog's set is that long, and kept.</summary>
    private readonly ByteField[] _routes = new ByteField[MaxRoutes];
    public int RouteCount;
    public long LocalCSeq;
    /// <summary>-1 until the peer sent an in-dialog request (§12.1.1: "empty").</summary>
    public long RemoteCSeq;
    public bool IsUas;
    public bool InUse;

    private readonly NameAddr _scratch = new NameAddr();

    /// <summary>Route i of the set, i below <see cref="RouteCount"/>.</summary>
    public ByteField Route(int i) { return _routes[i]; }

    public void Clear()
    {
        CallId.Clear(); LocalTag.Clear(); RemoteTag.Clear(); LocalUri.Clear(); RemoteUri.Clear();
        RemoteTarget.Clear(); RouteCount = 0; LocalCSeq = 0; RemoteCSeq = -1; IsUas = false; InUse = false;
    }

    /// <summary>
    /// The UAS side (§12.1.1): from the INVITE and the tag our 2xx/1xx carries. The route set is the
    /// Record-Route list in order; the remote target the INVITE's Contact, or the From URI when an
    /// RFC 2543 caller sent none (RFC 2543 had no Contact in every INVITE; RFC 4475 §3.4.1).
    /// </summary>
    public string InitAsUas(SipMessage invite, ByteField localTag, long firstLocalCSeq)
    {
        Clear();
        IsUas = true;
        byte[] b = invite.Buffer;
        if (!CallId.Set(b, invite.CallIdOffset, invite.CallIdLength)) return "Call-ID too long";
        if (!RemoteTag.Set(b, invite.FromTagOffset, invite.FromTagLength)) return "From tag too long";
        if (!LocalTag.Set(localTag)) return "local tag too long";
        if (!SetAddress(RemoteUri, invite.From)) return "From URI too long";
        if (!SetAddress(LocalUri, invite.To)) return "To URI too long";
        string why = null;
        if (invite.Has(HeaderId.Contact)) why = SetTarget(invite);
        else if (!RemoteTarget.Set(b, invite.From.Uri.Offset, invite.From.Uri.Length)) why = "From URI too long";
        if (why != null) return why;
        why = SetRoutes(invite, reverse: false);
        if (why != null) return why;
        RemoteCSeq = invite.CSeq;
        LocalCSeq = firstLocalCSeq;
        InUse = true;
        return null;
    }

    /// <summary>
    /// The UAC side (§12.1.2): from our request's From/To/Call-ID/CSeq (in the response) and the
    /// response's To tag, Contact and reversed Record-Route list.
    /// </summary>
    public string InitAsUac(SipMessage response)
    {
        Clear();
        IsUas = false;
        byte[] b = response.Buffer;
        if (!CallId.Set(b, response.CallIdOffset, response.CallIdLength)) return "Call-ID too long";
        if (!LocalTag.Set(b, response.FromTagOffset, response.FromTagLength)) return "From tag too long";
        if (!RemoteTag.Set(b, response.ToTagOffset, response.ToTagLength)) return "To tag too long";
        if (!SetAddress(LocalUri, response.From)) return "From URI too long";
        if (!SetAddress(RemoteUri, response.To)) return "To URI too long";
        string why = SetTarget(response);
        if (why != null) return why;
        why = SetRoutes(response, reverse: true);
        if (why != null) return why;
        LocalCSeq = response.CSeq;
        RemoteCSeq = -1;
        InUse = true;
        return null;
    }

    /// <summary>True if a request received belongs to this dialog (§12.2.2): Call-ID, our tag in To, theirs in From.</summary>
    public bool MatchesRequest(SipMessage r)
    {
        return InUse && CallId.Equals(r.Buffer, r.CallIdOffset, r.CallIdLength)
            && LocalTag.Equals(r.Buffer, r.ToTagOffset, r.ToTagLength)
            && RemoteTag.Equals(r.Buffer, r.FromTagOffset, r.FromTagLength);
    }

    /// <summary>§12.2.2: a request with a lower CSeq than the last is out of order (answered 500).</summary>
    public bool AcceptRemoteCSeq(long cseq)
    {
        if (RemoteCSeq >= 0 && cseq <= RemoteCSeq) return cseq == RemoteCSeq;
        RemoteCSeq = cseq;
        return true;
    }

    /// <summary>A target refresh (re-INVITE, its 2xx): the new Contact becomes the remote target.</summary>
    public string RefreshTarget(SipMessage m)
    {
        return m.Has(HeaderId.Contact) ? SetTarget(m) : null;
    }

    /// <summary>
    /// Writes the Request-Line and Route headers of an in-dialog request (§12.2.1.1): with a loose
    /// first route the Request-URI is the remote target; with a strict one it is that route, and the
    /// remote target becomes the last Route.
    /// </summary>
    public void WriteRequestLineAndRoutes(SipWriter w, SipMethod method)
    {
        bool strict = RouteCount > 0 && !IsLooseRoute(_routes[0]);
        w.Text(SipMethods.Name(method)).Byte((byte)' ');
        if (strict) WriteUriOf(w, _routes[0]);
        else w.Field(RemoteTarget);
        w.Text(" SIP/2.0").Crlf();
        for (int i = strict ? 1 : 0; i < RouteCount; i++) w.HeaderName("Route").Field(_routes[i]).Crlf();
        if (strict) w.HeaderName("Route").Byte((byte)'<').Field(RemoteTarget).Byte((byte)'>').Crlf();
    }

    /// <summary>From, To (with tags), Call-ID and CSeq of an in-dialog request.</summary>
    public void WriteDialogHeaders(SipWriter w, long cseq, SipMethod method)
    {
        w.HeaderName("From").Field(LocalUri).Text(";tag=").Field(LocalTag).Crlf();
        w.HeaderName("To").Field(RemoteUri);
        if (!RemoteTag.IsEmpty) w.Text(";tag=").Field(RemoteTag);
        w.Crlf();
        w.HeaderName("Call-ID").Field(CallId).Crlf();
        w.HeaderName("CSeq").Number(cseq).Byte((byte)' ').Text(SipMethods.Name(method)).Crlf();
    }

    /// <summary>The next CSeq for a new in-dialog request (not ACK or CANCEL, which reuse theirs).</summary>
    public long NextLocalCSeq()
    {
        LocalCSeq++;
        return LocalCSeq;
    }

    /// <summary>
    /// Where an in-dialog request goes: the first route if there is one, else the remote target
    /// (host and port of the URI; 5060 if none). False if neither URI parses to an address.
    /// </summary>
    public bool NextHop(NanoPhone.Sip.Transport.Endpoint into)
    {
        ByteField f = RouteCount > 0 ? _routes[0] : RemoteTarget;
        SipUri uri;
        if (RouteCount > 0)
        {
            if (!_scratch.TryParse(f.Buffer, 0, f.Length)) return false;
            uri = _scratch.Uri;
        }
        else
        {
            if (!_scratch.Uri.TryParse(f.Buffer, 0, f.Length)) return false;
            uri = _scratch.Uri;
        }
        if (!uri.IsSip) return false;
        // RFC 3263 §4.1 for a URI with its host given: sips: or transport=tls is TLS, transport=tcp TCP, else UDP.
        NanoPhone.Sip.Transport.TransportProtocol protocol = NanoPhone.Sip.Transport.TransportProtocol.Udp;
        int to, tl;
        if (uri.Scheme == UriScheme.Sips) protocol = NanoPhone.Sip.Transport.TransportProtocol.Tls;
        else if (uri.FindParam("transport", out to, out tl)) NanoPhone.Sip.Transport.TransportProtocols.TryParse(uri.Buffer, to, tl, out protocol);
        int port = uri.Port != 0 ? uri.Port : NanoPhone.Sip.Transport.TransportProtocols.DefaultPort(protocol);
        into.Protocol = protocol;
        int mo, ml;
        if (uri.FindParam("maddr", out mo, out ml) && ml > 0) return into.TrySetHost(uri.Buffer, mo, ml, port);
        return into.TrySetHost(uri.Buffer, uri.HostOffset, uri.HostLength, port);
    }

    private string SetTarget(SipMessage m)
    {
        int i = m.IndexOf(HeaderId.Contact);
        if (i < 0) return "no Contact for the remote target";
        if (!_scratch.TryParse(m.Buffer, m.ValueOffsetAt(i), m.ValueLengthAt(i)) || _scratch.IsStar)
            return "bad Contact";
        if (!RemoteTarget.Set(m.Buffer, _scratch.Uri.Offset, _scratch.Uri.Length)) return "Contact URI too long";
        return null;
    }

    private string SetRoutes(SipMessage m, bool reverse)
    {
        RouteCount = 0;
        byte[] b = m.Buffer;
        for (int i = m.IndexOf(HeaderId.RecordRoute); i >= 0; i = m.IndexOf(HeaderId.RecordRoute, i + 1))
        {
            int p = m.ValueOffsetAt(i);
            int end = p + m.ValueLengthAt(i);
            while (p < end)
            {
                int comma = Lws.NextComma(b, p, end);
                if (comma < 0) return "bad Record-Route";
                if (RouteCount == MaxRoutes) return "too many Record-Route entries";
                int s = Lws.SkipForward(b, p, comma);
                int e = Lws.TrimEnd(b, s, comma);
                if (_routes[RouteCount] == null) _routes[RouteCount] = new ByteField(256);
                if (!_routes[RouteCount].Set(b, s, e - s)) return "Record-Route entry too long";
                RouteCount++;
                p = comma + 1;
            }
        }
        if (reverse)
        {
            for (int a = 0, z = RouteCount - 1; a < z; a++, z--)
            {
                ByteField t = _routes[a];
                _routes[a] = _routes[z];
                _routes[z] = t;
            }
        }
        return null;
    }

    private bool SetAddress(ByteField field, NameAddr addr)
    {
        // Keep the name-addr without its tag: everything up to the params, then params minus tag.
        byte[] b = addr.Buffer;
        if (!addr.Bracketed)
        {
            // addr-spec form: write it as <uri> so params added later cannot attach to the URI.
            if (addr.Uri.Length + 2 > field.Capacity) return false;
            field.Buffer[0] = (byte)'<';
            System.Array.Copy(b, addr.Uri.Offset, field.Buffer, 1, addr.Uri.Length);
            field.Buffer[addr.Uri.Length + 1] = (byte)'>';
            return field.Set(field.Buffer, 0, addr.Uri.Length + 2);
        }
        int start = addr.DisplayLength > 0 ? addr.DisplayOffset : addr.Uri.Offset - 1;
        int end = addr.Uri.Offset + addr.Uri.Length + 1;
        return field.Set(b, start, end - start);
    }

    private bool IsLooseRoute(ByteField route)
    {
        if (!_scratch.TryParse(route.Buffer, 0, route.Length)) return true;
        return _scratch.Uri.FindParam("lr", out int _, out int _);
    }

    private void WriteUriOf(SipWriter w, ByteField route)
    {
        if (_scratch.TryParse(route.Buffer, 0, route.Length)) w.Bytes(route.Buffer, _scratch.Uri.Offset, _scratch.Uri.Length);
        else w.Field(route);
    }
}
