namespace NanoPhone.Sip.Transaction;

/// <summary>Random numbers for branch IDs (to be unified with the Auth layer's IRandom).</summary>
public interface IRandomSource
{
    uint Next();
}
