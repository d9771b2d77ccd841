using nanoFramework.TestFramework;
using NanoPhone.Sip.Registration;
using NanoPhone.Tests.Shared;

namespace NanoPhone.NFUnitTest.Registration
{
    /// <summary>Registration refresh delays (tests/data/shared/Vectors RegistrationVectors, shared with RegistrationClientTests).</summary>
    [TestClass]
    public class RefreshTests
    {
        [TestMethod]
        public void Refresh_at_90_percent_never_later_than_5_s_before_expiry_nor_sooner_than_1_s()
        {
            for (int i = 0; i < RegistrationVectors.GrantedSeconds.Length; i++)
            {
                int granted = RegistrationVectors.GrantedSeconds[i];
                Assert.AreEqual(RegistrationVectors.RefreshDelayMs[i], RegistrationClient.RefreshDelayMs(granted), "granted " + granted + " s");
            }
        }
    }
}
