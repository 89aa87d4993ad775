fn main() {
    for w in std::env::args().skip(1) {
        println!("{w} -> {}", storydiff::facts::name_key(&w));
    }
}
