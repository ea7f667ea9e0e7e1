// A C++ program whose hot code is a class method in a namespace and a
// function template, so profiles must show demangled names:
// ns::Class::method(int) and ns::scale<double>(double, int).
// Usage: cxx [SECONDS] (default 1).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace ns {

class Class {
public:
	explicit Class(uint64_t seed) : state(seed) {}
	uint64_t method(int rounds);

private:
	uint64_t state;
};

__attribute__((noinline)) uint64_t Class::method(int rounds)
{
	for (int i = 0; i < rounds; i++) {
		state ^= state << 13;
		state ^= state >> 7;
		state ^= state << 17;
	}
	return state;
}

template <typename T>
__attribute__((noinline)) T scale(T x, int rounds)
{
	for (int i = 0; i < rounds; i++)
		x = x * static_cast<T>(1.0000001) + static_cast<T>(0.5);
	return x;
}

} // namespace ns

static double now()
{
	timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 1.0;
	double end = now() + secs;
	ns::Class c(88172645463325252ull);
	uint64_t x = 0;
	double y = 1.0;

	do {
		x += c.method(20000);
		y = ns::scale<double>(y, 20000);
	} while (now() < end);
	std::printf("%llu %g\n", static_cast<unsigned long long>(x & 0xff), y > 0 ? 1.0 : 0.0);
	return 0;
}
