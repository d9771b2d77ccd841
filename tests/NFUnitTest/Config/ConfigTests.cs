using nanoFramework.TestFramework;
using NanoPhone.App.Config;
using NanoPhone.NFUnitTest.Support;
using NanoPhone.Tests.Shared;

namespace NanoPhone.NFUnitTest.Config
{
    /// <summary>
    /// The phone's configuration (firmware/App/Config): validation and stored forms, defaults, the
    /// key=value file with bad lines, and the file's round trip and trailer. Expected values in
    /// tests/data/shared/Vectors ConfigVectors, a sample of tests/App.Tests' cases.
    /// </summary>
    [TestClass]
    public class ConfigTests
    {
        /// <summary>
        /// A new configuration, checked to hold no value. On nanoCLR 1.17 an element of a new string[]
        /// that was never assigned is not null to == and != (a runtime bug), and comparing it with a
        /// string by == crashes the runtime: PhoneConfig keeps its values in such an array, so there
        /// IsSet is true for every key and TrySet (Assign's "old == value") brings the runtime down.
        /// This check fails first, so the run goes on with the other tests.
        /// </summary>
        private static PhoneConfig NewConfig()
        {
            PhoneConfig config = new PhoneConfig();
            for (int i = 0; i < ConfigKeys.All.Length; i++)
            {
                Assert.IsFalse(config.IsSet(ConfigKeys.All[i].Name), "a new PhoneConfig says " + ConfigKeys.All[i].Name
                    + " is set: its values are unassigned string[] elements, which nanoCLR does not treat as null (TrySet would crash)");
            }
            return config;
        }

        [TestMethod]
        public void Valid_values_are_accepted_and_stored_in_normal_form()
        {
            for (int i = 0; i < ConfigVectors.ValidKey.Length; i++)
            {
                string key = ConfigVectors.ValidKey[i];
                PhoneConfig config = NewConfig();
                string error;
                Assert.IsTrue(config.TrySet(key, ConfigVectors.ValidInput[i], out error), key + ": " + error);
                Assert.IsNull(error, key);
                Assert.AreEqual(ConfigVectors.ValidStored[i], config.Get(key), key);
                Assert.IsTrue(config.IsSet(key), key);
                Assert.IsTrue(config.IsDirty, key);
            }
        }

        [TestMethod]
        public void Invalid_values_are_refused_without_repeating_them_and_change_nothing()
        {
            for (int i = 0; i < ConfigVectors.InvalidKey.Length; i++)
            {
                string key = ConfigVectors.InvalidKey[i];
                string input = ConfigVectors.InvalidInput[i];
                PhoneConfig config = NewConfig();
                string before = Describe(config);
                string error;
                Assert.IsFalse(config.TrySet(key, input, out error), key + " took " + input);
                Assert.StartsWith(key + ": ", error, key);
                if (input.Length >= 3) Assert.DoesNotContains(input, error, key);
                Assert.AreEqual(before, Describe(config), key + ": a refused value changed the configuration");
                Assert.IsFalse(config.IsDirty, key);
                Assert.IsFalse(config.IsSet(key), key);
            }
        }

        [TestMethod]
        public void Keys_nobody_set_have_their_defaults_and_are_not_set()
        {
            PhoneConfig config = new PhoneConfig();
            for (int i = 0; i < ConfigVectors.DefaultKey.Length; i++)
            {
                Assert.AreEqual(ConfigVectors.DefaultValue[i], config.Get(ConfigVectors.DefaultKey[i]), ConfigVectors.DefaultKey[i]);
            }
            Assert.IsNull(config.Get(ConfigKeys.SipServer));
            Assert.AreEqual(PhoneConfig.UnsetText, config.Display(ConfigKeys.SipPassword));
            NewConfig();
        }

        [TestMethod]
        public void A_file_with_bad_lines_is_reported_line_by_line_and_keeps_the_good_ones()
        {
            string text = "";
            for (int i = 0; i < ConfigVectors.FileWithBadLines.Length; i++)
            {
                text = i == 0 ? ConfigVectors.FileWithBadLines[i] : text + "\n" + ConfigVectors.FileWithBadLines[i];
            }
            MemoryConfigStorage storage = new MemoryConfigStorage();
            storage.Put(ConfigStore.DefaultFileName, Bytes.Of(text));
            PhoneConfig config = new PhoneConfig();
            ConfigLoadReport report = new ConfigStore(storage).Load(config);

            Assert.AreEqual(ConfigVectors.FileWithBadLinesWarnings.Length, report.WarningCount, Warnings(report));
            for (int i = 0; i < report.WarningCount; i++) Assert.AreEqual(ConfigVectors.FileWithBadLinesWarnings[i], report.Warning(i));
            for (int i = 0; i < ConfigVectors.FileWithBadLinesKey.Length; i++)
            {
                string key = ConfigVectors.FileWithBadLinesKey[i];
                string expected = ConfigVectors.FileWithBadLinesValue[i];
                if (expected == ConfigVectors.Unset)
                {
                    Assert.IsNull(config.Get(key), key);
                    Assert.IsFalse(config.IsSet(key), key + " is set after a load that dropped it");
                }
                else
                {
                    Assert.AreEqual(expected, config.Get(key), key);
                }
            }
            Assert.AreEqual(ConfigVectors.FileWithBadLinesSettingCount, report.SettingCount);
            Assert.IsFalse(config.IsDirty);
        }

        [TestMethod]
        public void Every_value_survives_the_file_round_trip()
        {
            PhoneConfig config = NewConfig();
            string error;
            // tests/App.Tests has an emoji here too; nanoCLR strings cannot hold characters outside the BMP
            // (a surrogate pair reads back as its high half twice), so this one stays with U+00E4 and U+20AC.
            Assert.IsTrue(config.TrySet(ConfigKeys.SipPassword, "\\ \t=#\r\n\u00e4\u20ac x ", out error), error);
            Assert.IsTrue(config.TrySet(ConfigKeys.WifiSsid, " # not a comment", out error), error);
            Assert.IsTrue(config.TrySet(ConfigKeys.SipAuthUser, "=", out error), error);
            Assert.IsTrue(config.TrySet(ConfigKeys.Dnd, "yes", out error), error);
            byte[] data = ConfigFile.Write(config.Snapshot());
            Assert.IsTrue(ConfigFile.IsComplete(data));
            ConfigLoadReport report = new ConfigLoadReport();
            string[] read = ConfigFile.Read(data, report);
            Assert.AreEqual(0, report.WarningCount, Warnings(report));
            Assert.AreEqual(4, report.SettingCount);
            string[] written = config.Snapshot();
            Assert.AreEqual(written.Length, read.Length);
            for (int i = 0; i < written.Length; i++)
            {
                string name = ConfigKeys.All[i].Name;
                if (written[i] != null) Assert.AreEqual(written[i], read[i], name);
                else if (read[i] != null) Assert.IsTrue(false, name + " was not written but was read back");
            }
        }

        [TestMethod]
        public void The_trailer_covers_every_byte_of_a_saved_file()
        {
            PhoneConfig config = NewConfig();
            string error;
            Assert.IsTrue(config.TrySet(ConfigKeys.SipUser, "alice", out error), error);
            byte[] data = ConfigFile.Write(config.Snapshot());
            Assert.IsTrue(ConfigFile.IsComplete(data));
            for (int i = 0; i < data.Length; i++)
            {
                data[i] ^= 0x01;
                Assert.IsFalse(ConfigFile.IsComplete(data), "flipped byte " + i);
                data[i] ^= 0x01;
            }
            Assert.IsFalse(ConfigFile.IsComplete(Bytes.Of("sip.user=alice\n")));
        }

        /// <summary>Every key's effective value, for "did anything change" checks.</summary>
        private static string Describe(PhoneConfig config)
        {
            string s = "";
            for (int i = 0; i < ConfigKeys.All.Length; i++) s += ConfigKeys.All[i].Name + "=" + config.Display(ConfigKeys.All[i].Name) + ";";
            return s;
        }

        private static string Warnings(ConfigLoadReport report)
        {
            string s = "";
            for (int i = 0; i < report.WarningCount; i++) s += " [" + report.Warning(i) + "]";
            return s;
        }
    }
}
