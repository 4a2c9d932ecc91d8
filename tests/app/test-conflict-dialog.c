#include "config.h"
#include "hw-test-app.h"
int
main (int argc, char *argv[])
{
  hw_test_app_init (&argc, &argv);
  return g_test_run ();
}
