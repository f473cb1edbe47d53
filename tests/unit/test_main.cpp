#define BOOST_TEST_MODULE followup_tests
#include <boost/test/unit_test.hpp>

#include "bot/log.hpp"

// Keep the test output readable: the code under test logs warnings on purpose.
struct quiet_logs {
  quiet_logs() { followup::log::set_min_level(followup::log::level::error); }
};
BOOST_TEST_GLOBAL_FIXTURE(quiet_logs);
