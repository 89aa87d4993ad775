fn main() {
    let path = std::env::args().nth(1).unwrap();
    let html = std::fs::read_to_string(path).unwrap();
    let e = storydiff::extract::extract_html(&html);
    println!(
        "title={:?}\nby={:?}\ndate={:?}\nsite={:?}\ndesc={:?}\nreaderable={}",
        e.title, e.byline, e.published, e.site, e.description, e.readerable
    );
    for p in &e.paragraphs {
        println!("¶ {}", p.text);
    }
}
